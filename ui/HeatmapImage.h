#pragma once

#include <QImage>

#include <opencv2/core.hpp>

namespace endoverlay {

// The ampulla mask (CV_32F, 0..1) as a translucent colour image: blue and
// transparent where the mask is low, through cyan to green at the peak. Green
// and cyan were chosen because the duodenal mucosa is red, pink and yellow,
// so the heatmap never looks like tissue.
QImage heatmapImage(const cv::Mat& mask);

}  // namespace endoverlay
