#include "core/model/ResizeWeights.h"

#include <algorithm>
#include <cmath>

namespace endoverlay {
namespace {

// Each output pixel averages the source interval [dx·scale, (dx+1)·scale),
// partly covered pixels weighted by their covered share.
void cellAverages(cv::Mat& weights, int inSize, int outSize) {
  const double scale = static_cast<double>(inSize) / outSize;
  for (int dx = 0; dx < outSize; ++dx) {
    const double from = dx * scale;
    const double to = std::min(from + scale, static_cast<double>(inSize));
    const double cell = to - from;
    for (int sx = static_cast<int>(std::floor(from)); sx < inSize && sx < to; ++sx) {
      const double covered = std::min<double>(sx + 1, to) - std::max<double>(sx, from);
      if (covered > 1e-3) weights.at<float>(dx, sx) = static_cast<float>(covered / cell);
    }
  }
}

// OpenCV's linear taps for INTER_AREA when the image grows.
void linearTaps(cv::Mat& weights, int inSize, int outSize) {
  const double scale = static_cast<double>(inSize) / outSize;
  const double inverse = static_cast<double>(outSize) / inSize;
  for (int dx = 0; dx < outSize; ++dx) {
    int sx = static_cast<int>(std::floor(dx * scale));
    double fx = (dx + 1) - (sx + 1) * inverse;
    fx = fx <= 0 ? 0.0 : fx - std::floor(fx);
    if (sx < 0) sx = 0, fx = 0;
    if (sx >= inSize - 1) sx = inSize - 1, fx = 0;
    weights.at<float>(dx, sx) += static_cast<float>(1 - fx);
    if (fx > 0) weights.at<float>(dx, sx + 1) += static_cast<float>(fx);
  }
}

}  // namespace

bool resizeAveragesCells(cv::Size in, cv::Size out) { return in.width >= out.width && in.height >= out.height; }

cv::Mat resizeWeights(int inSize, int outSize, bool area) {
  CV_Assert(inSize > 0 && outSize > 0);
  cv::Mat weights = cv::Mat::zeros(outSize, inSize, CV_32F);
  if (area) cellAverages(weights, inSize, outSize);
  else linearTaps(weights, inSize, outSize);
  return weights;
}

}  // namespace endoverlay
