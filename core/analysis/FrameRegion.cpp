#include "core/analysis/FrameRegion.h"

#include <algorithm>
#include <cmath>

namespace endoverlay {

Box squareAround(const Box& box, double scale) {
  const double side = std::max(std::nearbyint(scale * std::max(box.width, box.height)), 1.0);
  return {std::nearbyint(box.x + box.width / 2 - side / 2), std::nearbyint(box.y + box.height / 2 - side / 2), side, side};
}

cv::Mat squareRegionAround(const cv::Mat& image, const Box& box, double scale) {
  const Box square = squareAround(box, scale);
  const int side = static_cast<int>(square.width);
  const int x0 = static_cast<int>(square.x);
  const int y0 = static_cast<int>(square.y);
  cv::Mat region(side, side, image.type(), cv::Scalar::all(0));
  const cv::Rect inImage = cv::Rect(x0, y0, side, side) & cv::Rect(0, 0, image.cols, image.rows);
  if (!inImage.empty()) image(inImage).copyTo(region(inImage - cv::Point(x0, y0)));
  return region;
}

cv::Mat cropToBox(const cv::Mat& image, const Box& box) {
  const cv::Rect wanted(static_cast<int>(std::floor(box.x)), static_cast<int>(std::floor(box.y)),
                        static_cast<int>(std::ceil(box.width)), static_cast<int>(std::ceil(box.height)));
  const cv::Rect inImage = wanted & cv::Rect(0, 0, image.cols, image.rows);
  return inImage.empty() ? cv::Mat() : image(inImage);
}

}  // namespace endoverlay
