#include "core/support/StageLatencies.h"

namespace endoverlay {

StageLatencies::StageLatencies(std::size_t window) {
  stages_.fill(LatencyStats(window));
}

void StageLatencies::add(const StageTimings& t) {
  stages_[Queued].add(t.queuedMs);
  stages_[Preprocess].add(t.preprocessMs);
  stages_[Inference].add(t.inferenceMs);
  stages_[Postprocess].add(t.postprocessMs);
  stages_[Ready].add(t.readyMs);
}

void StageLatencies::addShown(double ms) { stages_[Shown].add(ms); }

void StageLatencies::addVideo(double ms) { stages_[Video].add(ms); }

std::string StageLatencies::name(Stage stage) {
  static const std::array<const char*, StageCount> names{"queued", "preprocess", "inference", "postprocess", "ready", "shown", "video"};
  return names.at(stage);
}

nlohmann::json StageLatencies::toJson() const {
  nlohmann::json out = nlohmann::json::object();
  for (int i = 0; i < StageCount; ++i) {
    const LatencySummary s = stages_[i].summary();
    if (s.count == 0) continue;
    out[name(static_cast<Stage>(i))] = {{"count", s.count}, {"min", s.min},   {"mean", s.mean}, {"p50", s.p50},
                                        {"p99", s.p99},     {"p99_9", s.p999}, {"max", s.max}};
  }
  return out;
}

}  // namespace endoverlay
