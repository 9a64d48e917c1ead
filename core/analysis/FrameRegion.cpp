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

namespace {

cv::Rect pixelsOf(const Box& box, cv::Size size) {
  const cv::Rect wanted(static_cast<int>(std::floor(box.x)), static_cast<int>(std::floor(box.y)),
                        static_cast<int>(std::ceil(box.width)), static_cast<int>(std::ceil(box.height)));
  return wanted & cv::Rect(0, 0, size.width, size.height);
}

// `box` from the source's pixels into those of the frame's picture.
Box inPicture(const Frame& frame, const Box& box) {
  const double sx = static_cast<double>(frame.bgrx.cols) / frame.size().width;
  const double sy = static_cast<double>(frame.bgrx.rows) / frame.size().height;
  return {box.x * sx, box.y * sy, box.width * sx, box.height * sy};
}

}  // namespace

cv::Mat cropToBox(const cv::Mat& image, const Box& box) {
  const cv::Rect inImage = pixelsOf(box, image.size());
  return inImage.empty() ? cv::Mat() : image(inImage);
}

Box clippedToPicture(const Box& box, cv::Size size) {
  const cv::Rect r = pixelsOf(box, size);
  return {double(r.x), double(r.y), double(r.width), double(r.height)};
}

cv::Mat squareRegionAround(const Frame& frame, const Box& box, double scale) {
  return squareRegionAround(frame.bgrx, inPicture(frame, box), scale);
}

cv::Mat cropToBox(const Frame& frame, const Box& box) { return cropToBox(frame.bgrx, inPicture(frame, box)); }

Box placeUserRegion(const Box& drawn, cv::Size size, RegionPlacement placement) {
  const double half = size.width / 2.0;
  if (placement != RegionPlacement::RightHalf || drawn.x + drawn.width / 2 >= half) return drawn;
  // One straddling the middle would be moved partly off the picture: it is kept on the right half instead.
  const double x = std::min(drawn.x + half, size.width - drawn.width);
  return {std::max(half, x), drawn.y, drawn.width, drawn.height};
}

}  // namespace endoverlay
