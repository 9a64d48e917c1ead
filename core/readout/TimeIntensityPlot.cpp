#include "core/readout/TimeIntensityPlot.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/readout/ReadoutStyle.h"

namespace endoverlay {
namespace {

constexpr double kMinSpanSeconds = 60;

cv::Scalar bgra(const Rgb& colour, int alpha = 255) { return {double(colour.b), double(colour.g), double(colour.r), double(alpha)}; }

}  // namespace

cv::Rect timeIntensityPlotArea(cv::Size size) {
  const int width = std::max(160, size.width * 2 / 5);
  const int height = std::max(90, size.height / 4);
  const int margin = std::max(6, size.width / 100);
  return cv::Rect(margin, size.height - height - 4 * margin, width, height) & cv::Rect({0, 0}, size);
}

void paintTimeIntensityPlot(cv::Mat& image, const TimeIntensityCurve& curve) {
  CV_Assert(image.type() == CV_8UC4);
  image.setTo(cv::Scalar(20, 20, 20, 190));
  if (curve.empty() || image.cols < 40 || image.rows < 40) return;
  const double scale = std::max(0.35, image.rows / 260.0);
  const int thickness = std::max(2, static_cast<int>(std::round(scale * 3)));
  int baseline = 0;
  const int lineHeight = cv::getTextSize("0", cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline).height + baseline + 4;
  const int header = (curve.hasReference() ? 2 : 1) * lineHeight;
  const cv::Rect plot(lineHeight / 2, header + 4, image.cols - lineHeight, image.rows - header - lineHeight - 8);
  if (plot.width < 10 || plot.height < 10) return;

  const auto& points = curve.points();
  const std::int64_t origin = curve.injectionPtsNs().value_or(points.front().ptsNs);
  const double first = (points.front().ptsNs - origin) / 1e9;
  // From the injection, unless it lies further back than the curve keeps.
  const double start = std::max(std::min(0.0, first), first - kMinSpanSeconds);
  const double end = std::max(start + kMinSpanSeconds, (points.back().ptsNs - origin) / 1e9);
  double top = 64;
  for (const auto& p : points) top = std::max({top, p.region, p.reference.value_or(0.0)});
  top *= 1.1;
  const auto at = [&](std::int64_t ptsNs, double grey) {
    const double x = ((ptsNs - origin) / 1e9 - start) / (end - start);
    return cv::Point(plot.x + static_cast<int>(std::lround(x * plot.width)),
                     plot.y + plot.height - static_cast<int>(std::lround(grey / top * plot.height)));
  };

  const cv::Scalar axis(150, 150, 150, 255);
  cv::line(image, {plot.x, plot.y + plot.height}, {plot.x + plot.width, plot.y + plot.height}, axis, 1, cv::LINE_AA);
  // A tick and its time every 15 s, or a longer step that keeps to 8 ticks, counted from the injection.
  double step = 15;
  for (const double longer : {30.0, 60.0, 120.0, 300.0, 600.0, 1800.0})
    if ((end - start) / step > 8) step = longer;
  for (double t = std::ceil(start / step) * step; t <= end; t += step) {
    const cv::Point foot = at(origin + static_cast<std::int64_t>(t * 1e9), 0);
    cv::line(image, foot, foot + cv::Point(0, 4), axis, 1);
    cv::putText(image, clockText(t), foot + cv::Point(2, lineHeight - 2), cv::FONT_HERSHEY_SIMPLEX, scale * 0.85, axis, 1,
                cv::LINE_AA);
  }
  if (curve.injectionPtsNs())
    cv::line(image, at(origin, 0), at(origin, top), cv::Scalar(255, 255, 255, 255), 1, cv::LINE_AA);

  std::vector<cv::Point> region, reference;
  for (const auto& p : points) {
    region.push_back(at(p.ptsNs, p.region));
    if (p.reference) reference.push_back(at(p.ptsNs, *p.reference));
  }
  if (reference.size() > 1) cv::polylines(image, reference, false, bgra(referenceColour()), thickness, cv::LINE_AA);
  if (region.size() > 1) cv::polylines(image, region, false, bgra(regionColour()), thickness, cv::LINE_AA);

  cv::Point text(plot.x, lineHeight - 4);
  const auto label = [&](const std::string& words, const Rgb& colour) {
    cv::putText(image, words, text, cv::FONT_HERSHEY_SIMPLEX, scale, bgra(colour), 1, cv::LINE_AA);
    text.y += lineHeight;
  };
  if (const auto peak = curve.regionPeak()) {
    cv::circle(image, at(peak->ptsNs, peak->intensity), thickness + 3, bgra(regionColour()), thickness, cv::LINE_AA);
    label("region " + peakText(peak->intensity, peak->secondsAfterInjection), regionColour());
  }
  if (const auto peak = curve.referencePeak())
    label("reference " + peakText(peak->intensity, peak->secondsAfterInjection), referenceColour());
}

}  // namespace endoverlay
