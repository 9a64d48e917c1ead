#include "pipeline/RecordingReport.h"

#include <cstdio>
#include <set>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/readout/OverlayPainter.h"
#include "core/readout/ReadoutStyle.h"
#include "core/recording/RecordingEvents.h"
#include "core/support/AtomicFile.h"
#include "core/recording/ReviewFile.h"
#include "core/recording/SidecarFile.h"
#include "core/support/StageLatencies.h"
#include "pipeline/ReplaySource.h"

namespace endoverlay {
namespace {

constexpr int kThumbnailWidth = 320;

std::string escaped(const std::string& text) {
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

std::string minutesSeconds(std::int64_t ptsNs) {
  char text[32];
  const double seconds = ptsNs / 1e9;
  std::snprintf(text, sizeof text, "%d:%06.3f", static_cast<int>(seconds / 60), seconds - 60 * static_cast<int>(seconds / 60));
  return text;
}

// The event's frame with the overlay shown on it, as an inline PNG.
std::string thumbnail(ReplaySource& replay, const std::vector<InferenceResult>& results, std::int64_t frameIndex) {
  Frame frame = replay.seek(frameIndex);
  const InferenceResult* shown = resultShownAt(results, frame.index);
  const TimeIntensityCurve curve = TimeIntensityCurve::shownWith(results, shown);
  paintOverlay(frame.bgrx, shown, &curve);
  cv::Mat small;
  const double scale = static_cast<double>(kThumbnailWidth) / frame.bgrx.cols;
  cv::resize(frame.bgrx, small, {}, scale, scale, cv::INTER_AREA);
  cv::cvtColor(small, small, cv::COLOR_BGRA2BGR);
  std::vector<unsigned char> png;
  cv::imencode(".png", small, png);
  return "<img alt=\"frame " + std::to_string(frameIndex) + "\" width=\"" + std::to_string(small.cols) + "\" src=\"data:image/png;base64," +
         base64(png) + "\"/>";
}

void latencyTable(std::ostream& html, const std::vector<InferenceResult>& results) {
  StageLatencies latencies;
  for (const InferenceResult& result : results) latencies.add(result.timings);
  html << "<h2>Latency (ms)</h2>\n<table>\n<tr><th>stage</th><th>mean</th><th>p50</th><th>p99</th><th>p99.9</th>"
          "<th>max</th></tr>\n";
  for (const auto stage : {StageLatencies::Queued, StageLatencies::Preprocess, StageLatencies::Inference,
                           StageLatencies::Postprocess, StageLatencies::Ready}) {
    const LatencySummary s = latencies.summary(stage);
    char row[256];
    std::snprintf(row, sizeof row, "<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>\n",
                  escaped(StageLatencies::name(stage)).c_str(), s.mean, s.p50, s.p99, s.p999, s.max);
    html << row;
  }
  html << "</table>\n";
}

}  // namespace

std::size_t writeRecordingReport(const std::filesystem::path& video, const std::filesystem::path& htmlFile) {
  const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video));
  const Review review = Review::load(reviewPathFor(video));
  const std::vector<RecordingEvent> events = findEvents(sidecar.results);
  ReplaySource replay(video, {}, {});
  const auto& h = sidecar.header;

  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Endoverlay report "
       << escaped(h.procedureId) << "</title>\n<style>body{font-family:sans-serif;margin:2em}"
       << "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
       << ".notice{color:#b26a00;font-weight:bold}</style>\n</head>\n<body>\n";
  html << "<h1>Recording " << escaped(video.filename().string()) << "</h1>\n";
  html << "<p class=\"notice\">" << kNotForClinicalUse << "</p>\n";
  html << "<table>\n<tr><th>procedure ID</th><td>" << escaped(h.procedureId) << "</td></tr>\n"
       << "<tr><th>started (UTC)</th><td>" << escaped(h.startedUtc) << "</td></tr>\n"
       << "<tr><th>mode</th><td>" << escaped(h.protocolName) << "</td></tr>\n"
       << "<tr><th>duration</th><td>" << minutesSeconds(sidecar.results.empty() ? 0 : sidecar.results.back().ptsNs)
       << "</td></tr>\n<tr><th>app version</th><td>" << escaped(h.appVersion) << "</td></tr>\n";
  std::set<std::string> models;
  for (const InferenceResult& result : sidecar.results)
    for (const ModelIdentity& m : result.models())
      models.insert(m.name + " " + m.version + " (SHA-256 " + m.sha256 +
                    (m.cardSha256.empty() ? std::string() : ", card SHA-256 " + m.cardSha256) + ")");
  for (const std::string& model : models) html << "<tr><th>model</th><td>" << escaped(model) << "</td></tr>\n";
  html << "</table>\n";
  if (!sidecar.damage.empty()) html << "<p class=\"notice\">" << escaped(sidecar.damage) << "</p>\n";

  html << "<h2>Review</h2>\n<p>Verdict: "
       << (review.verdict ? "reviewer " + toString(*review.verdict) + "s with the AI" : std::string("not reviewed yet"))
       << "</p>\n";
  if (!review.notes.empty()) {
    html << "<ul>\n";
    for (const EventNote& note : review.notes)
      html << "<li>frame " << note.frame << ": " << escaped(note.text) << "</li>\n";
    html << "</ul>\n";
  }
  latencyTable(html, sidecar.results);

  html << "<h2>Events</h2>\n<table class=\"events\">\n<tr><th>time</th><th>frame</th><th>event</th><th>picture</th></tr>\n";
  for (const RecordingEvent& event : events) {
    html << "<tr class=\"event\"><td>" << minutesSeconds(event.ptsNs) << "</td><td>" << event.frame << "</td><td>" << escaped(describe(event))
         << "</td><td>" << thumbnail(replay, sidecar.results, event.frame) << "</td></tr>\n";
  }
  html << "</table>\n</body>\n</html>\n";
  writeFileAtomically(htmlFile, html.str());
  return events.size();
}

}  // namespace endoverlay
