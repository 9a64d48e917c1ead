#pragma once

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/HysteresisSwitch.h"
#include "core/InferenceResult.h"

namespace endoverlay {

// Every threshold and time of the stable readout; each is a setting.
struct StabilitySettings {
  double maskTimeConstantMs = 120;         // exponential smoothing of the ampulla mask
  double probabilityTimeConstantMs = 300;  // ... and of class probabilities
  double lostAfterMs = 1000;               // a head silent this long resets its readout
  HysteresisSettings difficultyAmber{0.35, 0.28, 500, 2000};  // on P(difficult)
  HysteresisSettings difficultyRed{0.60, 0.50, 500, 2000};
  HysteresisSettings cystType{0.70, 0.60, 500, 2000};         // on the badge class's probability
};

// Turns the raw results of successive frames into what the overlay shows:
// smoothed mask (and the box boxed from it), smoothed probabilities, the
// difficulty traffic light and the cyst badge behind hysteresis. Input:
// results in frame order; time is their pts. One thread at a time.
class TemporalFilter {
 public:
  TemporalFilter(const StabilitySettings& settings, double boxThreshold);

  StableReadout update(const InferenceResult& raw);
  void reset();

 private:
  struct Smoothed {
    std::vector<double> values;
    double atMs = 0;
  };

  void smoothMask(const InferenceResult& raw, double nowMs, StableReadout& out);
  void updateDifficulty(const InferenceResult& raw, double nowMs, StableReadout& out);
  void updateCyst(const InferenceResult& raw, double nowMs, StableReadout& out);

  StabilitySettings settings_;
  double boxThreshold_;
  cv::Mat mask_;
  double maskAtMs_ = 0;
  std::optional<Smoothed> difficulty_;  // the class probabilities, then P(difficult)
  std::vector<std::string> difficultyLabels_;
  std::optional<Smoothed> cyst_;
  std::vector<std::string> cystLabels_;
  HysteresisSwitch amber_;
  HysteresisSwitch red_;
  std::vector<HysteresisSwitch> cystSwitches_;
};

}  // namespace endoverlay
