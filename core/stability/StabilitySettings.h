#pragma once

#include <filesystem>
#include <string>

#include "core/stability/HysteresisSwitch.h"

namespace endoverlay {

// Every threshold and time of the stable readout (TemporalFilter); each is a
// setting, read from a JSON file by --settings. Times are milliseconds of
// the video's own clock.
struct StabilitySettings {
  double maskTimeConstantMs = 120;         // exponential smoothing of soft masks and segmentations
  double probabilityTimeConstantMs = 300;  // ... and of class probabilities
  double lostAfterMs = 1000;               // a head silent this long resets its readout
  HysteresisSettings difficultyAmber{0.35, 0.28, 500, 2000};  // on P(difficult)
  HysteresisSettings difficultyRed{0.60, 0.50, 500, 2000};
  HysteresisSettings cystType{0.70, 0.60, 500, 2000};         // on the badge class's probability

  // Keys as in resources/settings/stability.json; a key left out keeps its
  // default. An unknown key, a value out of range, an off threshold above its
  // on threshold, or amber above red is refused: throws std::runtime_error
  // naming the file and the key.
  static StabilitySettings load(const std::filesystem::path& path);
  // The same from the file's text; throws FieldError naming the key.
  static StabilitySettings parse(const std::string& text);
};

}  // namespace endoverlay
