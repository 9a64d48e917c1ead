#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"
#include "core/recording/ReviewFile.h"

namespace endoverlay {

// The pieces every HTML report (a recording's, a study's) is made of, so both read alike.

// `text` safe inside HTML text and attribute values.
std::string htmlEscaped(const std::string& text);
// `bgrx` (CV_8UC4) as an inline PNG <img>, scaled down to at most `maxWidth` pixels across.
std::string inlinePicture(const cv::Mat& bgrx, int maxWidth, const std::string& alt);
// The page's head and its title, and the not-for-clinical-use line under the heading `heading`.
void beginReport(std::ostream& html, const std::string& title, const std::string& heading);
// Table rows naming every model that gave `results`: name, version, SHA-256 of the weights and of the card.
void modelRows(std::ostream& html, const std::vector<InferenceResult>& results);
// The reviewer's verdict, and the notes, each after `noteTarget(note)` ("frame 12", "slice 3 (40.0 mm)").
template <typename Target>
void reviewSection(std::ostream& html, const Review& review, Target noteTarget) {
  html << "<h2>Review</h2>\n<p>Verdict: "
       << (review.verdict ? "reviewer " + toString(*review.verdict) + "s with the AI" : std::string("not reviewed yet"))
       << "</p>\n";
  if (review.notes.empty()) return;
  html << "<ul>\n";
  for (const EventNote& note : review.notes)
    html << "<li>" << htmlEscaped(noteTarget(note)) << ": " << htmlEscaped(note.text) << "</li>\n";
  html << "</ul>\n";
}
void endReport(std::ostream& html);

}  // namespace endoverlay
