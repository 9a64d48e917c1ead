#pragma once

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

// "difficult 80 %": the traffic light's words, with P(difficult).
std::string difficultyText(double difficultProbability);
// "MCN 97 %": a settled class badge's words.
std::string classText(const std::string& label, double probability);
// A head id or a label as the user reads it: "cyst_type" as "cyst type".
std::string inWords(const std::string& id);

// Shown on every picture the app makes with the bundled models, in the
// window, in exports and in reports. Plain ASCII, so every font draws it.
extern const char* const kNotForClinicalUse;

}  // namespace endoverlay
