#pragma once

#include <opencv2/core.hpp>

namespace endoverlay {

// OpenCV's INTER_AREA resize written as two matrix products, so it can run
// wherever matrices multiply (the GPU preprocessing): out = Rows · image · Colsᵀ
// per channel, with Rows = resizeWeights(in.height, out.height, area) and
// Cols = resizeWeights(in.width, out.width, area). `area` is true when
// neither axis grows (OpenCV then averages the source cells each output
// pixel covers); otherwise OpenCV interpolates both axes linearly with its
// INTER_AREA coefficients. Returns an outSize × inSize CV_32F matrix whose
// rows sum to 1.
cv::Mat resizeWeights(int inSize, int outSize, bool area);

// Whether OpenCV's INTER_AREA averages cells for this pair of sizes.
bool resizeAveragesCells(cv::Size in, cv::Size out);

}  // namespace endoverlay
