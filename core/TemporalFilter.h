#pragma once

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/HysteresisSwitch.h"
#include "core/InferenceResult.h"
#include "core/StabilitySettings.h"

namespace endoverlay {

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
