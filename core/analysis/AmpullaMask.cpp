#include "core/analysis/AmpullaMask.h"

#include <cmath>

#include <opencv2/imgproc.hpp>

namespace endoverlay {

cv::Mat maskAtFrameSize(const cv::Mat& mask, cv::Size frame) {
  CV_Assert(mask.type() == CV_32F);
  if (mask.size() == frame) return mask.clone();
  cv::Mat resized;
  cv::resize(mask, resized, frame, 0, 0, cv::INTER_LINEAR);
  return resized;
}

std::optional<Detection> detectAmpulla(const cv::Mat& frameMask, double boxThreshold) {
  CV_Assert(frameMask.type() == CV_32F && !frameMask.empty());
  double peak = 0;
  cv::Point peakAt;
  cv::minMaxLoc(frameMask, nullptr, &peak, nullptr, &peakAt);
  if (!std::isfinite(peak) || peak <= 0.0) return std::nullopt;

  cv::Mat above = frameMask > boxThreshold * peak;
  above.at<std::uint8_t>(peakAt) = 255;  // the peak belongs to its own region even at threshold 1
  cv::Mat labels;
  cv::connectedComponents(above, labels, 8, CV_32S);
  const cv::Mat peakRegion = labels == labels.at<std::int32_t>(peakAt);
  const cv::Rect bounds = cv::boundingRect(peakRegion);

  Detection detection;
  detection.box = {static_cast<double>(bounds.x), static_cast<double>(bounds.y),
                   static_cast<double>(bounds.width), static_cast<double>(bounds.height)};
  detection.score = peak;
  detection.centroidX = bounds.x + bounds.width / 2.0;
  detection.centroidY = bounds.y + bounds.height / 2.0;
  return detection;
}

}  // namespace endoverlay
