#include "core/analysis/SegmentationMask.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace endoverlay {
namespace {

constexpr double kSimplifyModelPixels = 0.5;

// The outlines simplified to within `tolerance` model pixels.
std::vector<std::vector<cv::Point>> simplified(const std::vector<std::vector<cv::Point>>& contours, double tolerance) {
  std::vector<std::vector<cv::Point>> result;
  for (const std::vector<cv::Point>& contour : contours) {
    std::vector<cv::Point> outline;
    cv::approxPolyDP(contour, outline, tolerance, true);
    result.push_back(std::move(outline));
  }
  return result;
}

std::size_t cornersOf(const std::vector<std::vector<cv::Point>>& outlines) {
  std::size_t corners = 0;
  for (const auto& outline : outlines) corners += outline.size();
  return corners;
}

}  // namespace

Segmentation segmentationOf(const cv::Mat& probabilities, cv::Size frameSize, double threshold) {
  CV_Assert(probabilities.type() == CV_32F);
  Segmentation result;
  if (probabilities.empty()) return result;
  const cv::Mat inside = probabilities >= threshold;
  result.areaFraction = static_cast<double>(cv::countNonZero(inside)) / static_cast<double>(inside.total());
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(inside, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  std::sort(contours.begin(), contours.end(), [](const auto& a, const auto& b) { return cv::contourArea(a) > cv::contourArea(b); });
  if (contours.size() > kMaxSegmentationOutlines) contours.resize(kMaxSegmentationOutlines);
  double tolerance = kSimplifyModelPixels;
  std::vector<std::vector<cv::Point>> outlines = simplified(contours, tolerance);
  // Coarse enough, each outline comes down to two or three corners, so the loop ends.
  while (cornersOf(outlines) > kMaxSegmentationPoints) outlines = simplified(contours, tolerance *= 2);
  // Outlines run through the border pixels' centres, mapped onto the frame.
  const double sx = static_cast<double>(frameSize.width) / probabilities.cols;
  const double sy = static_cast<double>(frameSize.height) / probabilities.rows;
  for (const std::vector<cv::Point>& simple : outlines) {
    std::vector<cv::Point2d> outline;
    for (const cv::Point& p : simple) outline.emplace_back((p.x + 0.5) * sx, (p.y + 0.5) * sy);
    result.outlines.push_back(std::move(outline));
  }
  return result;
}

}  // namespace endoverlay
