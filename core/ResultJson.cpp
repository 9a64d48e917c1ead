#include "core/ResultJson.h"

namespace endoverlay {
namespace {

nlohmann::json boxJson(const Box& b) { return {b.x, b.y, b.width, b.height}; }

nlohmann::json probabilitiesJson(const std::optional<ClassProbabilities>& p) {
  if (!p) return nullptr;
  nlohmann::json byLabel = nlohmann::json::object();
  for (std::size_t i = 0; i < p->labels.size(); ++i) byLabel[p->labels[i]] = p->values[i];
  return {{"probabilities", byLabel}, {"top", p->labels.at(p->top())}};
}

}  // namespace

nlohmann::json resultToJson(const InferenceResult& result) {
  using nlohmann::json;
  json line = {{"frame", result.frameIndex}, {"pts_ns", result.ptsNs}, {"mode", toString(result.mode)}};
  if (result.mode == Mode::Ercp) {
    const auto& a = result.ampulla;
    line["box"] = a ? boxJson(a->box) : json(nullptr);
    line["score"] = a ? a->score : 0.0;
    line["centroid"] = a ? json{a->centroidX, a->centroidY} : json(nullptr);
    line["shown"] = a && a->score >= result.displayThreshold;
    const auto& drawn = result.stable.ampulla;
    const bool drawnShown = drawn && drawn->score >= result.displayThreshold;
    line["shown_box"] = drawnShown ? boxJson(drawn->box) : json(nullptr);
    line["shown_centroid"] = drawnShown ? json{drawn->centroidX, drawn->centroidY} : json(nullptr);
    line["difficulty"] = probabilitiesJson(result.difficulty);
    if (result.difficultProbability) line["difficulty"]["p_difficult"] = *result.difficultProbability;
    line["warning"] = {{"light", toString(result.stable.light)},
                       {"p_difficult", result.stable.difficultProbability ? json(*result.stable.difficultProbability) : json(nullptr)}};
  } else {
    line["cyst_type"] = probabilitiesJson(result.cystType);
    line["cyst_region"] = result.cystRegion ? boxJson(*result.cystRegion) : json(nullptr);
    line["cyst_badge"] = result.stable.cystLabel ? json(*result.stable.cystLabel) : json(nullptr);
  }
  line["timings_ms"] = {{"queued", result.timings.queuedMs},
                        {"preprocess", result.timings.preprocessMs},
                        {"inference", result.timings.inferenceMs},
                        {"postprocess", result.timings.postprocessMs},
                        {"ready", result.timings.readyMs}};
  line["models"] = modelsToJson(result.models);
  line["device"] = result.device;
  if (!result.deviceNotice.empty()) line["device_notice"] = result.deviceNotice;
  return line;
}

nlohmann::json modelsToJson(const std::vector<ModelIdentity>& models) {
  nlohmann::json list = nlohmann::json::array();
  for (const ModelIdentity& m : models) list.push_back({{"name", m.name}, {"version", m.version}, {"sha256", m.sha256}});
  return list;
}

}  // namespace endoverlay
