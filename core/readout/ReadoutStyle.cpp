#include "core/readout/ReadoutStyle.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace endoverlay {
namespace {

std::string percent(double probability) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f %%", std::round(probability * 100));
  return text;
}

}  // namespace

const char* const kNotForClinicalUse = "Synthetic demo models: not for clinical use";

Rgb boxColour() { return {255, 214, 0}; }

// Magenta: apart from the box's yellow and the heatmap's cyan to green, and from grey scans and pink mucosa alike.
Rgb segmentationColour() { return {0xff, 0x40, 0xd0}; }

const double kSegmentationFillOpacity = 0.25;

Rgb lampColour(TrafficLight light) {
  switch (light) {
    case TrafficLight::Green: return {0x43, 0xa0, 0x47};
    case TrafficLight::Amber: return {0xff, 0xb3, 0x00};
    case TrafficLight::Red: return {0xe5, 0x39, 0x35};
    case TrafficLight::Off: break;
  }
  return {0x55, 0x55, 0x55};
}

Rgb classBadgeColour(const std::vector<std::string>& labels, const std::string& label) {
  // Distinct from the box's yellow and the lamps, readable under white text.
  static const Rgb palette[] = {{0xc2, 0x18, 0x5b}, {0x15, 0x65, 0xc0}, {0x6a, 0x1b, 0x9a}, {0x00, 0x69, 0x5c}};
  const auto index = static_cast<std::size_t>(std::find(labels.begin(), labels.end(), label) - labels.begin());
  return palette[index % (sizeof palette / sizeof palette[0])];
}

Rgb noticeColour() { return {0xff, 0xd5, 0x4f}; }

Rgb regionColour() { return {0x4d, 0xd0, 0xe1}; }

// Lilac: apart from the region's cyan, the box's yellow and the lamps, on grey B-mode and on contrast.
Rgb referenceColour() { return {0xc5, 0x9d, 0xff}; }

std::string difficultyText(double difficultProbability) { return "difficult " + percent(difficultProbability); }

std::string classText(const std::string& label, double probability) { return label + " " + percent(probability); }

std::string clockText(double seconds) {
  const long whole = std::lround(std::fabs(seconds));
  char text[32];
  std::snprintf(text, sizeof text, "%s%ld:%02ld", seconds <= -0.5 ? "-" : "", whole / 60, whole % 60);
  return text;
}

std::string phaseText(const ContrastReading& reading, std::optional<double> secondsSinceInjection) {
  if (reading.phase.empty() || !secondsSinceInjection) return "injection not marked";
  std::string text = inWords(reading.phase) + " phase " + clockText(*secondsSinceInjection);
  if (!reading.headsWaitFor.empty()) text += " (reading from " + inWords(reading.headsWaitFor) + ")";
  return text;
}

std::string peakText(double intensity, std::optional<double> secondsAfterInjection) {
  char text[32];
  std::snprintf(text, sizeof text, "peak %.0f", intensity);
  return secondsAfterInjection ? std::string(text) + " at " + clockText(*secondsAfterInjection) : text;
}

std::string inWords(const std::string& id) {
  std::string text = id;
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

}  // namespace endoverlay
