#include "core/readout/OverlayPainter.h"

#include <algorithm>
#include <string>

#include <opencv2/imgproc.hpp>

#include "core/readout/TimeIntensityPlot.h"

namespace endoverlay {
namespace {

const cv::Scalar kWhite(255, 255, 255);
const cv::Scalar kPanel(30, 30, 30);

// A coordinate as a pixel, held within a few frames of the picture so a wild value cannot overflow an int.
int pixel(double value, int extent) { return static_cast<int>(std::clamp(value, -2.0 * extent, 3.0 * extent)); }

// A filled panel at the right edge, `top` pixels down, holding `text`, with `lamp` drawn before it when
// given; returns where the next panel goes below it.
int cornerLabel(cv::Mat& bgrx, int top, const std::string& text, const cv::Scalar& fill, const cv::Scalar* lamp) {
  const double scale = std::max(0.5, bgrx.cols / 1280.0);
  int baseline = 0;
  const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 2, &baseline);
  const int pad = static_cast<int>(8 * scale);
  const int lampSpace = lamp ? size.height + pad : 0;
  const cv::Rect panel(bgrx.cols - size.width - lampSpace - 3 * pad, top + pad, size.width + lampSpace + 2 * pad,
                       size.height + baseline + 2 * pad);
  cv::rectangle(bgrx, panel, fill, cv::FILLED);
  if (lamp) cv::circle(bgrx, {panel.x + pad + size.height / 2, panel.y + panel.height / 2}, size.height / 2 + 2, *lamp, cv::FILLED);
  cv::putText(bgrx, text, {panel.x + pad + lampSpace, panel.y + pad + size.height}, cv::FONT_HERSHEY_SIMPLEX, scale, kWhite,
              2, cv::LINE_AA);
  return panel.y + panel.height;
}

void paintDetection(cv::Mat& bgrx, const Detection& a) {
  const cv::Point topLeft(pixel(a.box.x, bgrx.cols), pixel(a.box.y, bgrx.rows));
  const cv::Point bottomRight(pixel(a.box.x + a.box.width, bgrx.cols), pixel(a.box.y + a.box.height, bgrx.rows));
  const cv::Rect rect(topLeft, bottomRight);
  const int thickness = std::max(2, bgrx.cols / 320);
  const cv::Scalar colour = bgrOf(boxColour());
  cv::rectangle(bgrx, rect, colour, thickness);
  const cv::Point c(pixel(a.centroidX, bgrx.cols), pixel(a.centroidY, bgrx.rows));
  const int arm = std::max(6, rect.width / 20);
  cv::line(bgrx, c - cv::Point(arm, 0), c + cv::Point(arm, 0), colour, thickness);
  cv::line(bgrx, c - cv::Point(0, arm), c + cv::Point(0, arm), colour, thickness);
}

void paintSegmentation(cv::Mat& bgr, const Segmentation& segmentation) {
  std::vector<std::vector<cv::Point>> outlines;
  for (const auto& outline : segmentation.outlines) {
    if (outline.empty()) continue;  // a recorded line may hold one; there is nothing to draw of it
    std::vector<cv::Point> points;
    for (const cv::Point2d& p : outline) points.emplace_back(pixel(p.x, bgr.cols), pixel(p.y, bgr.rows));
    outlines.push_back(std::move(points));
  }
  if (outlines.empty()) return;
  const cv::Scalar colour = bgrOf(segmentationColour());
  cv::Mat filled = bgr.clone();
  cv::fillPoly(filled, outlines, colour, cv::LINE_AA);
  cv::addWeighted(filled, kSegmentationFillOpacity, bgr, 1.0 - kSegmentationFillOpacity, 0.0, bgr);
  cv::polylines(bgr, outlines, true, colour, std::max(2, bgr.cols / 320), cv::LINE_AA);
}

void paintRegion(cv::Mat& bgr, const Box& box, const Rgb& colour) {
  const cv::Point topLeft(pixel(box.x, bgr.cols), pixel(box.y, bgr.rows));
  const cv::Point bottomRight(pixel(box.x + box.width, bgr.cols), pixel(box.y + box.height, bgr.rows));
  cv::rectangle(bgr, cv::Rect(topLeft, bottomRight), bgrOf(colour), std::max(1, bgr.cols / 480));
}

// The curve's panel blended into the lower left, as translucent as the window lays it over the picture.
void paintCurve(cv::Mat& bgr, const TimeIntensityCurve& curve) {
  const cv::Rect area = timeIntensityPlotArea(bgr.size());
  if (area.empty()) return;
  cv::Mat plot(area.size(), CV_8UC4);
  paintTimeIntensityPlot(plot, curve);
  cv::Mat target = bgr(area);
  for (int y = 0; y < plot.rows; ++y) {
    const auto* from = plot.ptr<cv::Vec4b>(y);
    auto* to = target.ptr<cv::Vec3b>(y);
    for (int x = 0; x < plot.cols; ++x) {
      const int alpha = from[x][3];
      for (int c = 0; c < 3; ++c) to[x][c] = static_cast<uchar>((from[x][c] * alpha + to[x][c] * (255 - alpha) + 127) / 255);
    }
  }
}

}  // namespace

cv::Scalar bgrOf(const Rgb& colour) { return {double(colour.b), double(colour.g), double(colour.r)}; }

void paintReadouts(cv::Mat& bgrx, const InferenceResult* result, const TimeIntensityCurve* curve) {
  CV_Assert(bgrx.type() == CV_8UC4);
  cv::Mat bgr;
  cv::cvtColor(bgrx, bgr, cv::COLOR_BGRA2BGR);
  if (result && result->contrast) {
    if (result->contrast->reference) paintRegion(bgr, *result->contrast->reference, referenceColour());
    if (result->contrast->region) paintRegion(bgr, *result->contrast->region, regionColour());
  }
  if (curve && !curve->empty()) paintCurve(bgr, *curve);
  int top = 0;  // the corner panels stack down the right edge, in the protocol's order
  static const std::vector<HeadOutput> kNoHeads;
  for (const HeadOutput& head : result ? result->heads : kNoHeads) {
    const HeadReadout& shown = head.stable;
    switch (head.readout) {
      case ReadoutKind::HeatmapBox:
        if (head.detectionShown()) paintDetection(bgr, *shown.detection);
        break;
      case ReadoutKind::TrafficLight:
        if (shown.light != TrafficLight::Off) {
          const cv::Scalar lamp = bgrOf(lampColour(shown.light));
          top = cornerLabel(bgr, top, difficultyText(shown.groupProbability.value_or(0.0)), kPanel, &lamp);
        }
        break;
      case ReadoutKind::Segmentation:
        if (shown.segmentation) paintSegmentation(bgr, *shown.segmentation);
        break;
      case ReadoutKind::ClassBadge:
        if (shown.label && shown.probabilities) {
          const std::string& label = *shown.label;
          top = cornerLabel(bgr, top, classText(label, shown.probabilities->of(label)),
                            bgrOf(classBadgeColour(shown.probabilities->labels, label)), nullptr);
        }
        break;
    }
  }
  if (result && result->contrast)
    cornerLabel(bgr, top, phaseText(*result->contrast, result->secondsSinceInjection()), kPanel, nullptr);
  cv::cvtColor(bgr, bgrx, cv::COLOR_BGR2BGRA);
}

void paintNotice(cv::Mat& bgrx) {
  const double scale = std::max(0.45, bgrx.cols / 1600.0);
  const std::string notice = kNotForClinicalUse;
  int baseline = 0;
  const cv::Size size = cv::getTextSize(notice, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  const cv::Scalar colour = bgrOf(noticeColour());
  cv::putText(bgrx, notice, {(bgrx.cols - size.width) / 2, bgrx.rows - baseline - 6}, cv::FONT_HERSHEY_SIMPLEX, scale,
              {colour[0], colour[1], colour[2], 255}, 1, cv::LINE_AA);
}

void paintOverlay(cv::Mat& bgrx, const InferenceResult* result, const TimeIntensityCurve* curve) {
  paintReadouts(bgrx, result, curve);
  paintNotice(bgrx);
}

}  // namespace endoverlay
