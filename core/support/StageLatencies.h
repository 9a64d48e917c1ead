#pragma once

#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "core/analysis/InferenceResult.h"
#include "core/support/LatencyStats.h"

namespace endoverlay {

// The per-stage latencies of a run, from a frame's arrival: queued,
// preprocess, inference, postprocess; ready (arrival → result ready) and,
// where a display exists, shown (arrival → result on screen) and video (the
// video path's own delay: arrival → the frame handed to the display).
class StageLatencies {
 public:
  enum Stage { Queued, Preprocess, Inference, Postprocess, Ready, Shown, Video, StageCount };

  explicit StageLatencies(std::size_t window = 0);

  void add(const StageTimings& timings);
  void addShown(double ms);
  void addVideo(double ms);
  LatencySummary summary(Stage stage) const { return stages_[stage].summary(); }
  static std::string name(Stage stage);
  // {stage: {count, min, mean, p50, p99, p99_9, max}} for the stages with samples.
  nlohmann::json toJson() const;

 private:
  std::array<LatencyStats, StageCount> stages_;
};

}  // namespace endoverlay
