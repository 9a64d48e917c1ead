#include "pipeline/RecordingReport.h"

#include <cstdio>
#include <sstream>

#include "core/readout/OverlayPainter.h"
#include "core/readout/ReportHtml.h"
#include "core/recording/RecordingEvents.h"
#include "core/support/AtomicFile.h"
#include "core/recording/ReviewFile.h"
#include "core/recording/SidecarFile.h"
#include "core/support/StageLatencies.h"
#include "pipeline/ReplaySource.h"

namespace endoverlay {
namespace {

constexpr int kThumbnailWidth = 320;

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
  return inlinePicture(frame.bgrx, kThumbnailWidth, "frame " + std::to_string(frameIndex));
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
                  htmlEscaped(StageLatencies::name(stage)).c_str(), s.mean, s.p50, s.p99, s.p999, s.max);
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
  beginReport(html, "Endoverlay report " + h.procedureId, "Recording " + video.filename().string());
  html << "<table>\n<tr><th>procedure ID</th><td>" << htmlEscaped(h.procedureId) << "</td></tr>\n"
       << "<tr><th>started (UTC)</th><td>" << htmlEscaped(h.startedUtc) << "</td></tr>\n"
       << "<tr><th>mode</th><td>" << htmlEscaped(h.protocolName) << "</td></tr>\n"
       << "<tr><th>duration</th><td>" << minutesSeconds(sidecar.results.empty() ? 0 : sidecar.results.back().ptsNs)
       << "</td></tr>\n<tr><th>app version</th><td>" << htmlEscaped(h.appVersion) << "</td></tr>\n";
  modelRows(html, sidecar.results);
  html << "</table>\n";
  if (!sidecar.damage.empty()) html << "<p class=\"notice\">" << htmlEscaped(sidecar.damage) << "</p>\n";
  reviewSection(html, review, [](const EventNote& note) { return "frame " + std::to_string(note.frame); });
  latencyTable(html, sidecar.results);

  html << "<h2>Events</h2>\n<table class=\"events\">\n<tr><th>time</th><th>frame</th><th>event</th><th>picture</th></tr>\n";
  for (const RecordingEvent& event : events) {
    html << "<tr class=\"event\"><td>" << minutesSeconds(event.ptsNs) << "</td><td>" << event.frame << "</td><td>" << htmlEscaped(describe(event))
         << "</td><td>" << thumbnail(replay, sidecar.results, event.frame) << "</td></tr>\n";
  }
  html << "</table>\n";
  endReport(html);
  writeFileAtomically(htmlFile, html.str());
  return events.size();
}

}  // namespace endoverlay
