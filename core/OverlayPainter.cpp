#include "core/OverlayPainter.h"

#include <cstdio>
#include <string>

#include <opencv2/imgproc.hpp>

namespace endoverlay {
namespace {

const cv::Scalar kWhite(255, 255, 255);
const cv::Scalar kPanel(30, 30, 30);
const cv::Scalar kNotice(79, 213, 255);

cv::Scalar lampColour(const std::string& light) {
  if (light == "green") return {71, 160, 67};
  if (light == "amber") return {0, 179, 255};
  return {53, 57, 229};
}

std::string percent(double probability) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f %%", probability * 100);
  return text;
}

// A filled panel in the top-right corner holding `text`, with `lamp` drawn before it when given.
void cornerLabel(cv::Mat& bgrx, const std::string& text, const cv::Scalar& fill, const cv::Scalar* lamp) {
  const double scale = std::max(0.5, bgrx.cols / 1280.0);
  int baseline = 0;
  const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 2, &baseline);
  const int pad = static_cast<int>(8 * scale);
  const int lampSpace = lamp ? size.height + pad : 0;
  const cv::Rect panel(bgrx.cols - size.width - lampSpace - 3 * pad, pad, size.width + lampSpace + 2 * pad,
                       size.height + baseline + 2 * pad);
  cv::rectangle(bgrx, panel, fill, cv::FILLED);
  if (lamp) cv::circle(bgrx, {panel.x + pad + size.height / 2, panel.y + panel.height / 2}, size.height / 2 + 2, *lamp, cv::FILLED);
  cv::putText(bgrx, text, {panel.x + pad + lampSpace, panel.y + pad + size.height}, cv::FONT_HERSHEY_SIMPLEX, scale, kWhite,
              2, cv::LINE_AA);
}

void paintAmpulla(cv::Mat& bgrx, const nlohmann::json& box, const nlohmann::json& centroid) {
  const cv::Rect rect(cv::Point(static_cast<int>(box[0].get<double>()), static_cast<int>(box[1].get<double>())),
                      cv::Size(static_cast<int>(box[2].get<double>()), static_cast<int>(box[3].get<double>())));
  const int thickness = std::max(2, bgrx.cols / 320);
  cv::rectangle(bgrx, rect, kBoxColour, thickness);
  if (centroid.is_array()) {
    const cv::Point c(static_cast<int>(centroid[0].get<double>()), static_cast<int>(centroid[1].get<double>()));
    const int arm = std::max(6, rect.width / 20);
    cv::line(bgrx, c - cv::Point(arm, 0), c + cv::Point(arm, 0), kBoxColour, thickness);
    cv::line(bgrx, c - cv::Point(0, arm), c + cv::Point(0, arm), kBoxColour, thickness);
  }
}

}  // namespace

void paintOverlay(cv::Mat& bgrx, const nlohmann::json& result) {
  CV_Assert(bgrx.type() == CV_8UC4);
  cv::Mat bgr;
  cv::cvtColor(bgrx, bgr, cv::COLOR_BGRA2BGR);
  if (result.is_object()) {
    const auto box = result.find("shown_box");
    if (box != result.end() && box->is_array()) paintAmpulla(bgr, *box, result.value("shown_centroid", nlohmann::json()));
    const auto warning = result.find("warning");
    if (warning != result.end() && warning->is_object() && warning->value("light", "off") != "off") {
      const std::string light = warning->value("light", "");
      const auto p = warning->find("p_difficult");
      const std::string text = (light == "red" ? "difficult " : light == "amber" ? "uncertain " : "easy ") +
                               (p != warning->end() && p->is_number() ? percent(p->get<double>()) : std::string());
      const cv::Scalar lamp = lampColour(light);
      cornerLabel(bgr, text, kPanel, &lamp);
    }
    const auto badge = result.find("cyst_badge");
    if (badge != result.end() && badge->is_string()) {
      const std::string label = badge->get<std::string>();
      double p = 0;
      // The badge showed the smoothed probability; lines written before it was kept have the frame's own.
      if (const auto smoothed = result.find("cyst_type_smoothed"); smoothed != result.end() && smoothed->is_object())
        p = smoothed->value(label, 0.0);
      else if (const auto type = result.find("cyst_type"); type != result.end() && type->is_object())
        p = type->at("probabilities").value(label, 0.0);
      cornerLabel(bgr, label + " " + percent(p), label == "MCN" ? cv::Scalar(91, 24, 194) : cv::Scalar(192, 101, 21),
                  nullptr);
    }
  }
  const double scale = std::max(0.45, bgrx.cols / 1600.0);
  const std::string notice = "Synthetic demo models - not for clinical use";
  int baseline = 0;
  const cv::Size size = cv::getTextSize(notice, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  cv::putText(bgr, notice, {(bgr.cols - size.width) / 2, bgr.rows - baseline - 6}, cv::FONT_HERSHEY_SIMPLEX, scale,
              kNotice, 1, cv::LINE_AA);
  cv::cvtColor(bgr, bgrx, cv::COLOR_BGR2BGRA);
}

}  // namespace endoverlay
