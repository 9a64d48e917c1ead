#include "core/analysis/WindowLevel.h"

#include <algorithm>
#include <cmath>

namespace endoverlay {

cv::Mat WindowLevel::apply(const cv::Mat& values) const {
  CV_Assert(values.type() == CV_32FC1);
  const double w = std::clamp(std::isfinite(width) ? width : kWidest, kNarrowest, kWidest);
  cv::Mat grey;
  if (w <= kNarrowest) {
    // A one-unit window is a threshold at its centre.
    cv::compare(values, centre - 0.5, grey, cv::CMP_GT);
    return grey;
  }
  // y = ((x - (c - 0.5)) / (w - 1) + 0.5) · 255, clipped: convertTo rounds and saturates.
  const double scale = 255.0 / (w - 1.0);
  values.convertTo(grey, CV_8U, scale, (0.5 - (centre - 0.5) / (w - 1.0)) * 255.0);
  return grey;
}

WindowLevel WindowLevel::dragged(double dx, double dy, double side) const {
  const double perPixel = std::max(width, 1.0) / std::max(side, 1.0);
  return {centre + dy * perPixel, std::clamp(width + dx * perPixel, kNarrowest, kWidest)};
}

WindowLevel WindowLevel::preset(WindowPreset preset) {
  switch (preset) {
    case WindowPreset::Abdomen: return {40.0, 400.0};
    // Centred higher and wider, so that an enhancing cortex and mass stay apart rather than both white.
    case WindowPreset::Kidney: return {150.0, 600.0};
  }
  return {};
}

}  // namespace endoverlay
