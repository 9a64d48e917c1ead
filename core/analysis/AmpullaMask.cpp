#include "core/analysis/AmpullaMask.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <opencv2/imgproc.hpp>

namespace endoverlay {
namespace {

// How far past a region pixel's centre, toward its neighbour outside, the
// mask falls to `threshold` (0..1 pixel, by linear interpolation): where a
// bilinear resize of the mask would put the region's edge. 0 when the
// neighbour is as high (the peak kept at threshold 1).
double reach(float inside, float outside, double threshold) {
  return inside > outside ? std::clamp((inside - threshold) / (static_cast<double>(inside) - outside), 0.0, 1.0) : 0.0;
}

// The region's extent along one axis, in model coordinates (pixel i spans
// [i, i + 1)), with each edge placed where the mask crosses the threshold.
struct Extent {
  double from = 0;
  double to = 0;
};

// The frame pixels whose centres lie within [from, to) model pixels, scaled by `scale` frame pixels per model
// pixel: the pixels a search of the mask resized to the frame keeps. At least the pixel under the middle.
std::pair<double, double> framePixels(const Extent& e, double scale, int frameLength) {
  double first = std::max(0.0, std::ceil(e.from * scale - 0.5));
  double end = std::min<double>(frameLength, std::floor(e.to * scale - 0.5) + 1);
  if (end <= first) {
    first = std::clamp(std::floor((e.from + e.to) / 2 * scale), 0.0, frameLength - 1.0);
    end = first + 1;
  }
  return {first, end - first};
}

}  // namespace

std::optional<Detection> detectAmpulla(const cv::Mat& mask, double boxThreshold, cv::Size frameSize) {
  CV_Assert(mask.type() == CV_32F && !mask.empty());
  double peak = 0;
  cv::Point peakAt;
  cv::minMaxLoc(mask, nullptr, &peak, nullptr, &peakAt);
  if (!std::isfinite(peak) || peak <= 0.0) return std::nullopt;

  const double threshold = boxThreshold * peak;
  cv::Mat above = mask > threshold;
  above.at<std::uint8_t>(peakAt) = 255;  // the peak belongs to its own region even at threshold 1
  cv::Mat labels;
  cv::connectedComponents(above, labels, 8, CV_32S);
  const std::int32_t peakLabel = labels.at<std::int32_t>(peakAt);

  // The extreme region pixel of each row and column, its edge moved to where the mask crosses the threshold.
  Extent x{static_cast<double>(mask.cols), 0};
  Extent y{static_cast<double>(mask.rows), 0};
  for (int row = 0; row < mask.rows; ++row) {
    const std::int32_t* label = labels.ptr<std::int32_t>(row);
    const float* value = mask.ptr<float>(row);
    for (int col = 0; col < mask.cols; ++col) {
      if (label[col] != peakLabel) continue;
      if (col == 0 || label[col - 1] != peakLabel)
        x.from = std::min(x.from, col == 0 ? 0.0 : col + 0.5 - reach(value[col], value[col - 1], threshold));
      if (col == mask.cols - 1 || label[col + 1] != peakLabel)
        x.to = std::max(x.to, col == mask.cols - 1 ? mask.cols : col + 0.5 + reach(value[col], value[col + 1], threshold));
      if (row == 0 || labels.at<std::int32_t>(row - 1, col) != peakLabel)
        y.from = std::min(y.from, row == 0 ? 0.0 : row + 0.5 - reach(value[col], mask.at<float>(row - 1, col), threshold));
      if (row == mask.rows - 1 || labels.at<std::int32_t>(row + 1, col) != peakLabel)
        y.to = std::max(y.to, row == mask.rows - 1 ? mask.rows
                                                  : row + 0.5 + reach(value[col], mask.at<float>(row + 1, col), threshold));
    }
  }

  const auto [left, width] = framePixels(x, static_cast<double>(frameSize.width) / mask.cols, frameSize.width);
  const auto [top, height] = framePixels(y, static_cast<double>(frameSize.height) / mask.rows, frameSize.height);
  Detection detection;
  detection.box = {left, top, width, height};
  detection.score = peak;
  detection.centroidX = left + width / 2.0;
  detection.centroidY = top + height / 2.0;
  return detection;
}

}  // namespace endoverlay
