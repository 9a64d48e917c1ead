#include "core/readout/StudyPicture.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "core/readout/OverlayPainter.h"
#include "core/readout/ReadoutStyle.h"

namespace endoverlay {
namespace {

const cv::Scalar kWhite(255, 255, 255, 255);
const cv::Scalar kBlack(0, 0, 0, 255);

double textScale(int width) { return std::max(0.45, width / 800.0); }

// White text with a black rim, legible on any grey.
void label(cv::Mat& bgrx, const std::string& text, cv::Point at, double scale) {
  cv::putText(bgrx, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, kBlack, 3, cv::LINE_AA);
  cv::putText(bgrx, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, kWhite, 1, cv::LINE_AA);
}

cv::Mat paintPane(const StudyView& view, std::size_t index, cv::Size size) {
  cv::Mat bgrx(size, CV_8UC4, kBlack);
  const cv::Mat& values = index < view.values.size() ? view.values[index] : cv::Mat();
  const double scale = textScale(size.width);
  if (values.empty() || values.size() != size) {
    label(bgrx, "no slice of this series here", {10, size.height / 2}, scale);
  } else {
    cv::cvtColor(view.window.apply(values), bgrx, cv::COLOR_GRAY2BGRA);
    if (view.region) {
      const Box& r = *view.region;
      const Rgb colour = regionColour();
      cv::rectangle(bgrx, cv::Point(cvRound(r.x), cvRound(r.y)), cv::Point(cvRound(r.x + r.width), cvRound(r.y + r.height)),
                    {double(colour.b), double(colour.g), double(colour.r), 255}, std::max(1, size.width / 480));
    }
    if (index < view.readouts.size()) paintReadouts(bgrx, &view.readouts[index]);
  }
  // Bottom left: the badges stack down from the top right.
  const std::string name = index < view.paneNames.size() ? inWords(view.paneNames[index]) : std::string();
  label(bgrx, name, {8, size.height - 8}, scale);
  return bgrx;
}

}  // namespace

cv::Mat paintStudyView(const StudyView& view) {
  cv::Size pane(0, 0);
  for (const cv::Mat& values : view.values)
    if (!values.empty()) pane = values.size();
  if (pane.area() == 0) pane = {256, 256};
  const std::size_t panes = std::max<std::size_t>(1, view.paneNames.size());
  const double scale = textScale(pane.width);
  const int lineHeight = static_cast<int>(30 * scale) + 6;
  // Room for the caption, and below it for the notice, which paintNotice sizes to the whole width.
  cv::Mat picture(pane.height + 3 * lineHeight, pane.width * static_cast<int>(panes), CV_8UC4, kBlack);
  for (std::size_t i = 0; i < panes; ++i)
    paintPane(view, i, pane).copyTo(picture(cv::Rect(static_cast<int>(i) * pane.width, 0, pane.width, pane.height)));
  label(picture, view.caption, {8, pane.height + lineHeight - 8}, scale);
  paintNotice(picture);
  return picture;
}

}  // namespace endoverlay
