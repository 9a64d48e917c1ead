#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// How the readouts look and read: the one place for the overlay's colours
// and words, used by the window (OverlayReadout, HeatmapBoxOverlay,
// SegmentationOverlay, the QML items) and by the burned-in exports (OverlayPainter) alike, so an export
// shows what the live view showed.
struct Rgb {
  int r = 0, g = 0, b = 0;
};

// A heatmap box's box and its centroid mark.
Rgb boxColour();
// A segmented region's outline, and its fill at kSegmentationFillOpacity.
Rgb segmentationColour();
extern const double kSegmentationFillOpacity;
// A traffic light's lit lamp; Off gives the unlit lamp's grey.
Rgb lampColour(TrafficLight light);
// A settled class badge, by its label's place among the card's labels.
Rgb classBadgeColour(const std::vector<std::string>& labels, const std::string& label);
// The not-for-clinical-use line.
Rgb noticeColour();
// A contrast study's region (its frame and its time-intensity curve), and the reference region's.
Rgb regionColour();
Rgb referenceColour();

// "difficult 80 %": the traffic light's words, with P(difficult).
std::string difficultyText(double difficultProbability);
// "MCN 97 %": a settled class badge's words.
std::string classText(const std::string& label, double probability);
// "pancreatic phase 0:42" on a contrast study's frame, "injection not marked"
// before one is; while the heads wait for a later phase, adding it:
// "vascular phase 0:12 (reading from pancreatic)". Plain ASCII, as the exports draw it.
std::string phaseText(const ContrastReading& reading, std::optional<double> secondsSinceInjection);
// "peak 142 at 0:24": a curve's peak grey and the time from the injection
// to it, "peak 142" before the injection is marked.
std::string peakText(double intensity, std::optional<double> secondsAfterInjection);
// "0:42", "-0:03", "12:05": a time since the injection as the readouts show it.
std::string clockText(double seconds);
// A head id or a label as the user reads it: "cyst_type" as "cyst type".
std::string inWords(const std::string& id);

// Shown on every picture the app makes with the bundled models, in the
// window, in exports and in reports. Plain ASCII, so every font draws it.
extern const char* const kNotForClinicalUse;

}  // namespace endoverlay
