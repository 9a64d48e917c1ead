#include "core/ResultJson.h"

#include <stdexcept>

namespace endoverlay {
namespace {

nlohmann::json boxJson(const Box& b) { return {b.x, b.y, b.width, b.height}; }

nlohmann::json byLabelJson(const std::optional<ClassProbabilities>& p) {
  if (!p) return nullptr;
  nlohmann::json byLabel = nlohmann::json::object();
  for (std::size_t i = 0; i < p->labels.size(); ++i) byLabel[p->labels[i]] = p->values[i];
  return byLabel;
}

nlohmann::json probabilitiesJson(const std::optional<ClassProbabilities>& p) {
  if (!p) return nullptr;
  return {{"probabilities", byLabelJson(p)}, {"top", p->labels.at(p->top())}};
}

std::optional<ClassProbabilities> probabilitiesFrom(const nlohmann::json& byLabel) {
  if (!byLabel.is_object()) return std::nullopt;
  ClassProbabilities p;
  for (const auto& [label, value] : byLabel.items()) {
    p.labels.push_back(label);
    p.values.push_back(value.get<double>());
  }
  return p;
}

std::optional<Box> boxFrom(const nlohmann::json& box) {
  if (!box.is_array() || box.size() != 4) return std::nullopt;
  return Box{box[0].get<double>(), box[1].get<double>(), box[2].get<double>(), box[3].get<double>()};
}

std::optional<AmpullaDetection> detectionFrom(const nlohmann::json& box, const nlohmann::json& centroid, double score) {
  const std::optional<Box> b = boxFrom(box);
  if (!b) return std::nullopt;
  AmpullaDetection a{*b, score, b->x + b->width / 2, b->y + b->height / 2};
  if (centroid.is_array() && centroid.size() == 2) {
    a.centroidX = centroid[0].get<double>();
    a.centroidY = centroid[1].get<double>();
  }
  return a;
}

TrafficLight lightFrom(const std::string& text) {
  for (const TrafficLight light : {TrafficLight::Green, TrafficLight::Amber, TrafficLight::Red})
    if (toString(light) == text) return light;
  return TrafficLight::Off;
}

std::optional<double> numberFrom(const nlohmann::json& value) {
  return value.is_number() ? std::optional<double>(value.get<double>()) : std::nullopt;
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
                       {"p_difficult", result.stable.difficultProbability ? json(*result.stable.difficultProbability) : json(nullptr)},
                       {"probabilities", byLabelJson(result.stable.difficulty)}};
  } else {
    line["cyst_type"] = probabilitiesJson(result.cystType);
    line["cyst_region"] = result.cystRegion ? boxJson(*result.cystRegion) : json(nullptr);
    line["cyst_badge"] = result.stable.cystLabel ? json(*result.stable.cystLabel) : json(nullptr);
    line["cyst_type_smoothed"] = byLabelJson(result.stable.cystType);
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

InferenceResult resultFromJson(const nlohmann::json& line, cv::Size frameSize) {
  using nlohmann::json;
  InferenceResult result;
  try {
    result.frameIndex = line.at("frame").get<std::int64_t>();
    result.ptsNs = line.value("pts_ns", std::int64_t{0});
    result.mode = parseMode(line.value("mode", "ercp"));
    result.frameSize = frameSize;
    // What was drawn is what the line kept, so everything kept counts as shown.
    result.displayThreshold = 0.0;
    const double score = line.value("score", 0.0);
    result.ampulla = detectionFrom(line.value("box", json()), line.value("centroid", json()), score);
    result.stable.ampulla = detectionFrom(line.value("shown_box", json()), line.value("shown_centroid", json()), score);
    const json difficulty = line.value("difficulty", json());
    if (difficulty.is_object()) {
      result.difficulty = probabilitiesFrom(difficulty.value("probabilities", json()));
      result.difficultProbability = numberFrom(difficulty.value("p_difficult", json()));
    }
    const json warning = line.value("warning", json());
    if (warning.is_object()) {
      result.stable.light = lightFrom(warning.value("light", "off"));
      result.stable.difficultProbability = numberFrom(warning.value("p_difficult", json()));
      result.stable.difficulty = probabilitiesFrom(warning.value("probabilities", json()));
    }
    const json cyst = line.value("cyst_type", json());
    if (cyst.is_object()) result.cystType = probabilitiesFrom(cyst.value("probabilities", json()));
    result.cystRegion = boxFrom(line.value("cyst_region", json()));
    const json badge = line.value("cyst_badge", json());
    if (badge.is_string()) result.stable.cystLabel = badge.get<std::string>();
    result.stable.cystType = probabilitiesFrom(line.value("cyst_type_smoothed", json()));
    if (!result.stable.cystType) result.stable.cystType = result.cystType;
    const json t = line.value("timings_ms", json::object());
    result.timings = {t.value("queued", 0.0), t.value("preprocess", 0.0), t.value("inference", 0.0),
                      t.value("postprocess", 0.0), t.value("ready", 0.0)};
    for (const json& m : line.value("models", json::array()))
      result.models.push_back({m.value("name", ""), m.value("version", ""), m.value("sha256", "")});
    result.device = line.value("device", "");
    result.deviceNotice = line.value("device_notice", "");
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("not a result line: ") + e.what());
  }
  return result;
}

nlohmann::json modelsToJson(const std::vector<ModelIdentity>& models) {
  nlohmann::json list = nlohmann::json::array();
  for (const ModelIdentity& m : models) list.push_back({{"name", m.name}, {"version", m.version}, {"sha256", m.sha256}});
  return list;
}

}  // namespace endoverlay
