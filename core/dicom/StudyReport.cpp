#include "core/dicom/StudyReport.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <sstream>
#include <utility>

#include "core/Version.h"
#include "core/analysis/InferenceStage.h"
#include "core/dicom/StudyFrames.h"
#include "core/readout/ReadoutStyle.h"
#include "core/readout/ReportHtml.h"
#include "core/support/AtomicFile.h"
#include "core/support/UtcTime.h"

namespace endoverlay {
namespace {

constexpr int kPictureWidth = 1024;

std::string fixed(double value, int decimals) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string sliceName(const StudyFrames& frames, int slice) {
  return "slice " + std::to_string(slice + 1) + " (" + fixed(frames.series().front()->slicePositionMm(slice), 1) + " mm)";
}

// What one head read on a slice, in the window's words.
std::string readingOf(const HeadOutput& head) {
  if (!head.ran) return "not read";
  if (head.invalid) return "invalid output";
  const HeadReadout& shown = head.stable;
  switch (head.readout) {
    case ReadoutKind::ClassBadge:
      if (shown.label && shown.probabilities) return classText(*shown.label, shown.probabilities->of(*shown.label));
      return "no badge";
    case ReadoutKind::Segmentation:
      return shown.segmentation ? "outlined, " + fixed(100 * shown.segmentation->areaFraction, 1) + " % of the slice"
                                : "not found";
    case ReadoutKind::TrafficLight:
      return shown.groupProbability ? difficultyText(*shown.groupProbability) : "off";
    case ReadoutKind::HeatmapBox:
      return head.detectionShown() ? "boxed" : "not found";
  }
  return "";
}

std::string regionText(const std::optional<Box>& region) {
  if (!region) return "none";
  return fixed(region->x, 0) + ", " + fixed(region->y, 0) + ", " + fixed(region->width, 0) + " × " +
         fixed(region->height, 0) + " slice pixels";
}

}  // namespace

std::filesystem::path StudyOutputs::slicePicture(int slice, bool dicom) const {
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, ".slice-%04d.%s", slice + 1, dicom ? "dcm" : "png");
  return folder / (studyId + suffix);
}

std::string studyCaption(const std::string& studyId, int slice, int slices, double positionMm, const WindowLevel& window) {
  return "study " + studyId + "   slice " + std::to_string(slice + 1) + " of " + std::to_string(slices) + "   " +
         fixed(positionMm, 1) + " mm   W " + fixed(window.width, 0) + " / L " + fixed(window.centre, 0);
}

StudyView studyViewAt(const Frame& frame, const StudyPanes& panes, const InferenceResult* result, const WindowLevel& window,
                      const std::optional<Box>& region, std::string caption) {
  StudyView view;
  view.paneNames = panes.names();
  view.values = frame.seriesValues;
  if (result) view.readouts = panes.split(*result);
  // A pane shows its first badge, as the window does: a comparison head (the MRI whole slice) is in the report's table.
  for (InferenceResult& pane : view.readouts) {
    bool badge = false;
    pane.heads.erase(std::remove_if(pane.heads.begin(), pane.heads.end(),
                                    [&badge](const HeadOutput& head) {
                                      if (head.readout != ReadoutKind::ClassBadge) return false;
                                      return std::exchange(badge, true);
                                    }),
                     pane.heads.end());
  }
  view.window = window;
  view.region = region;
  view.caption = std::move(caption);
  return view;
}

std::size_t writeStudyReport(const StudyReportInput& in, const std::filesystem::path& htmlFile) {
  const StudyFrames& frames = *in.frames;
  const DicomSeries& first = *frames.series().front();
  const int slices = first.sliceCount();
  in.stage->setUserRegion(in.review.region);
  std::vector<InferenceResult> results;
  for (int slice = 0; slice < slices; ++slice) results.push_back(in.stage->analyze(frames.frameAt(0, slice, in.window)));

  std::ostringstream html;
  beginReport(html, "Endoverlay study report " + in.studyId, "Study " + in.studyId);
  std::string series;
  for (const std::string& name : in.panes->names()) series += (series.empty() ? "" : ", ") + inWords(name);
  html << "<table>\n<tr><th>study ID</th><td>" << htmlEscaped(in.studyId) << "</td></tr>\n"
       << "<tr><th>written (UTC)</th><td>" << formatUtc(std::chrono::system_clock::now()) << "</td></tr>\n"
       << "<tr><th>mode</th><td>" << htmlEscaped(in.modeName) << "</td></tr>\n"
       << "<tr><th>series</th><td>" << htmlEscaped(series) << "</td></tr>\n"
       << "<tr><th>slices</th><td>" << slices << ", " << fixed(first.slicePositionMm(0), 1) << " to "
       << fixed(first.slicePositionMm(slices - 1), 1) << " mm</td></tr>\n"
       << "<tr><th>region read</th><td>" << htmlEscaped(regionText(in.review.region)) << "</td></tr>\n"
       << "<tr><th>pictures' window</th><td>W " << fixed(in.window.width, 0) << " / L " << fixed(in.window.centre, 0)
       << " (the models read through their cards' own)</td></tr>\n"
       << "<tr><th>app version</th><td>" << htmlEscaped(kAppVersion) << "</td></tr>\n";
  modelRows(html, results);
  html << "</table>\n";
  for (const std::string& notice : in.notices) html << "<p class=\"notice\">" << htmlEscaped(notice) << "</p>\n";
  reviewSection(html, in.review, [&](const EventNote& note) {
    return note.frame < slices ? sliceName(frames, static_cast<int>(note.frame)) : "slice " + std::to_string(note.frame + 1);
  });

  html << "<h2>Slices</h2>\n<table class=\"slices\">\n<tr><th>slice</th><th>position (mm)</th>";
  for (const HeadOutput& head : results.front().heads) html << "<th>" << htmlEscaped(inWords(head.id)) << "</th>";
  html << "<th>note</th></tr>\n";
  for (int slice = 0; slice < slices; ++slice) {
    html << "<tr class=\"slice\"><td>" << slice + 1 << "</td><td>" << fixed(first.slicePositionMm(slice), 1) << "</td>";
    for (const HeadOutput& head : results[static_cast<std::size_t>(slice)].heads) html << "<td>" << htmlEscaped(readingOf(head)) << "</td>";
    html << "<td>" << htmlEscaped(in.review.noteAt(slice)) << "</td></tr>\n";
  }
  html << "</table>\n";

  std::set<int> pictured = {std::clamp(in.shownSlice, 0, slices - 1)};
  for (const EventNote& note : in.review.notes)
    if (note.frame < slices) pictured.insert(static_cast<int>(note.frame));
  html << "<h2>Pictures</h2>\n";
  for (const int slice : pictured) {
    const Frame frame = frames.frameAt(0, slice, in.window);
    const StudyView view = studyViewAt(frame, *in.panes, &results[static_cast<std::size_t>(slice)], in.window, in.review.region,
                                       studyCaption(in.studyId, slice, slices, first.slicePositionMm(slice), in.window));
    const std::string note = in.review.noteAt(slice);
    html << "<figure class=\"picture\">" << inlinePicture(paintStudyView(view), kPictureWidth, sliceName(frames, slice))
         << "<figcaption>" << htmlEscaped(sliceName(frames, slice) + (slice == in.shownSlice ? ", on screen" : "") +
                                          (note.empty() ? "" : ": " + note))
         << "</figcaption></figure>\n";
  }
  endReport(html);
  writeFileAtomically(htmlFile, html.str());
  return static_cast<std::size_t>(slices);
}

}  // namespace endoverlay
