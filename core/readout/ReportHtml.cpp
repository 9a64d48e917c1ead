#include "core/readout/ReportHtml.h"

#include <set>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/readout/ReadoutStyle.h"

namespace endoverlay {
namespace {

std::string base64(const std::vector<unsigned char>& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned n = bytes[i] << 16 | (i + 1 < bytes.size() ? bytes[i + 1] << 8 : 0) |
                       (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += i + 1 < bytes.size() ? alphabet[n >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

}  // namespace

std::string htmlEscaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string inlinePicture(const cv::Mat& bgrx, int maxWidth, const std::string& alt) {
  cv::Mat bgr;
  if (bgrx.cols > maxWidth) {
    const double scale = static_cast<double>(maxWidth) / bgrx.cols;
    cv::resize(bgrx, bgr, {}, scale, scale, cv::INTER_AREA);
    cv::cvtColor(bgr, bgr, cv::COLOR_BGRA2BGR);
  } else {
    cv::cvtColor(bgrx, bgr, cv::COLOR_BGRA2BGR);
  }
  std::vector<unsigned char> png;
  cv::imencode(".png", bgr, png);
  return "<img alt=\"" + htmlEscaped(alt) + "\" width=\"" + std::to_string(bgr.cols) + "\" src=\"data:image/png;base64," +
         base64(png) + "\"/>";
}

void beginReport(std::ostream& html, const std::string& title, const std::string& heading) {
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" << htmlEscaped(title)
       << "</title>\n<style>body{font-family:sans-serif;margin:2em}"
       << "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
       << ".notice{color:#b26a00;font-weight:bold}</style>\n</head>\n<body>\n";
  html << "<h1>" << htmlEscaped(heading) << "</h1>\n";
  html << "<p class=\"notice\">" << kNotForClinicalUse << "</p>\n";
}

void modelRows(std::ostream& html, const std::vector<InferenceResult>& results) {
  std::set<std::string> models;
  for (const InferenceResult& result : results)
    for (const ModelIdentity& m : result.models())
      models.insert(m.name + " " + m.version + " (SHA-256 " + m.sha256 +
                    (m.cardSha256.empty() ? std::string() : ", card SHA-256 " + m.cardSha256) + ")");
  for (const std::string& model : models) html << "<tr><th>model</th><td>" << htmlEscaped(model) << "</td></tr>\n";
}

void endReport(std::ostream& html) { html << "</body>\n</html>\n"; }

}  // namespace endoverlay
