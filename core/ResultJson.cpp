#include "core/ResultJson.h"

namespace endoverlay {

nlohmann::json resultToJson(const InferenceResult& result) {
  using nlohmann::json;
  json line = {{"frame", result.frameIndex}, {"pts_ns", result.ptsNs}};
  if (result.ampulla) {
    const auto& a = *result.ampulla;
    line["box"] = {a.box.x, a.box.y, a.box.width, a.box.height};
    line["score"] = a.score;
    line["centroid"] = {a.centroidX, a.centroidY};
  } else {
    line["box"] = nullptr;
    line["score"] = 0.0;
    line["centroid"] = nullptr;
  }
  line["timings_ms"] = {{"queued", result.timings.queuedMs},
                        {"preprocess", result.timings.preprocessMs},
                        {"inference", result.timings.inferenceMs},
                        {"postprocess", result.timings.postprocessMs}};
  line["model"] = {{"name", result.model.name}, {"version", result.model.version}, {"sha256", result.model.sha256}};
  line["device"] = result.device;
  return line;
}

}  // namespace endoverlay
