#include "core/analysis/FrameRegion.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

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

cv::Mat segmentedRegion(const cv::Mat& probabilities, double threshold, int marginPx, cv::Size size) {
  CV_Assert(probabilities.type() == CV_32FC1);
  cv::Mat region = probabilities >= threshold;
  if (region.size() != size) cv::resize(region, region, size, 0, 0, cv::INTER_NEAREST);
  if (marginPx > 0)
    cv::dilate(region, region, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * marginPx + 1, 2 * marginPx + 1)));
  return region;
}

cv::Mat insideRegion(const cv::Mat& image, const cv::Mat& region) {
  CV_Assert(region.type() == CV_8UC1);
  cv::Mat picture;
  cv::resize(image, picture, region.size(), 0, 0, cv::INTER_AREA);
  picture.setTo(cv::Scalar::all(0), region == 0);
  return picture;
}

cv::Mat mapInsideRegion(const cv::Mat& map, const cv::Mat& region) {
  CV_Assert(map.type() == CV_32FC1 && region.type() == CV_8UC1);
  cv::Mat inside;
  cv::resize(map, inside, region.size(), 0, 0, cv::INTER_LINEAR);
  inside.setTo(0, region == 0);
  double peak = 0;
  cv::minMaxLoc(inside, nullptr, &peak);
  if (peak > 0) inside /= peak;
  return inside;
}

Box parseRegion(const std::string& text) {
  Box box;
  char c1 = 0, c2 = 0, c3 = 0;
  std::istringstream in(text);
  constexpr double kMax = 1e6;
  if (in >> box.x >> c1 >> box.y >> c2 >> box.width >> c3 >> box.height && c1 == ',' && c2 == ',' && c3 == ',' &&
      (in >> std::ws).eof() && box.width > 0 && box.height > 0 && box.width <= kMax && box.height <= kMax &&
      box.x >= 0 && box.y >= 0 && box.x <= kMax && box.y <= kMax)
    return box;
  throw std::invalid_argument("wants X,Y,W,H in frame pixels (X, Y at least 0; W, H above 0), not '" + text + "'");
}

Box placeUserRegion(const Box& drawn, cv::Size size, RegionPlacement placement) {
  const double half = size.width / 2.0;
  if (placement != RegionPlacement::RightHalf || drawn.x + drawn.width / 2 >= half) return drawn;
  // One straddling the middle would be moved partly off the picture: it is kept on the right half instead.
  const double x = std::min(drawn.x + half, size.width - drawn.width);
  return {std::max(half, x), drawn.y, drawn.width, drawn.height};
}

}  // namespace endoverlay
