#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/stability/HysteresisSwitch.h"
#include "core/analysis/InferenceResult.h"
#include "core/stability/StabilitySettings.h"

namespace endoverlay {

// Turns each head's raw outputs on successive frames into what the overlay
// shows (HeadOutput::stable), by the head's kind and readout: the smoothed
// mask and the box boxed from it, or the region segmented from it; the
// smoothed probabilities with the traffic light on the grouped
// probability, or the class badge, behind hysteresis.
// Input: results in frame order; time is their pts. Heads are told apart
// by id. One thread at a time.
class TemporalFilter {
 public:
  explicit TemporalFilter(const StabilitySettings& settings);

  // Sets the stable readout of every head of `result`.
  void update(InferenceResult& result);
  void reset();

 private:
  struct Smoothed {
    std::vector<double> values;
    double atMs = 0;
  };
  struct HeadState {
    explicit HeadState(const StabilitySettings& settings)
        : amber(settings.difficultyAmber), red(settings.difficultyRed) {}
    cv::Mat mask;
    double maskAtMs = 0;
    std::optional<Smoothed> classes;  // the class probabilities, then a traffic light's grouped probability
    std::vector<std::string> labels;
    HysteresisSwitch amber;
    HysteresisSwitch red;
    std::vector<HysteresisSwitch> badgeSwitches;  // one per class
  };

  void smoothMask(HeadOutput& head, cv::Size frameSize, double nowMs, HeadState& state) const;
  void smoothClasses(HeadOutput& head, double nowMs, HeadState& state) const;

  StabilitySettings settings_;
  std::map<std::string, HeadState> heads_;
};

}  // namespace endoverlay
