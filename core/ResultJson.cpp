#include "core/ResultJson.h"

#include <stdexcept>

#include "core/JsonFields.h"
#include "core/Protocol.h"

namespace endoverlay {
namespace {

// Beyond these a line is damaged, whatever the video: no frame is a million pixels wide, no procedure lasts a year.
constexpr std::int64_t kMaxFrame = 1'000'000'000;
constexpr std::int64_t kMaxPtsNs = 365LL * 24 * 3600 * 1'000'000'000LL;
constexpr double kMaxPixels = 1e6;
constexpr double kMaxMs = 1e7;

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

std::optional<ClassProbabilities> probabilitiesFrom(const JsonFields& parent, const std::string& key) {
  const std::optional<JsonFields> byLabel = parent.optionalObject(key);
  if (!byLabel) return std::nullopt;
  if (byLabel->raw().size() > 1000) parent.fail(key, "has too many labels");
  ClassProbabilities p;
  for (const auto& item : byLabel->raw().items()) {
    checkPlainText(item.key(), byLabel->path(item.key()), 200);
    if (item.key().empty()) parent.fail(key, "has an empty label");
    p.labels.push_back(item.key());
    p.values.push_back(byLabel->number(item.key(), 0, 1));
  }
  if (p.labels.empty()) parent.fail(key, "has no labels");
  return p;
}

std::optional<Box> boxFrom(const JsonFields& parent, const std::string& key) {
  if (parent.isNull(key)) return std::nullopt;
  const std::vector<double> v = parent.numbers(key, 4, 4, -kMaxPixels, kMaxPixels);
  if (v[2] < 0 || v[3] < 0) parent.fail(key, "must have a width and height of at least 0");
  return Box{v[0], v[1], v[2], v[3]};
}

std::optional<AmpullaDetection> detectionFrom(const JsonFields& parent, const std::string& boxKey,
                                              const std::string& centroidKey, double score) {
  const std::optional<Box> b = boxFrom(parent, boxKey);
  if (!b) return std::nullopt;
  AmpullaDetection a{*b, score, b->x + b->width / 2, b->y + b->height / 2};
  if (!parent.isNull(centroidKey)) {
    const std::vector<double> c = parent.numbers(centroidKey, 2, 2, -kMaxPixels, kMaxPixels);
    a.centroidX = c[0];
    a.centroidY = c[1];
  }
  return a;
}

TrafficLight lightFrom(const JsonFields& warning) {
  const std::string text = warning.optionalText("light", 16).value_or("off");
  for (const TrafficLight light : {TrafficLight::Off, TrafficLight::Green, TrafficLight::Amber, TrafficLight::Red})
    if (toString(light) == text) return light;
  warning.fail("light", "must be off, green, amber or red");
}

}  // namespace

nlohmann::json resultToJson(const InferenceResult& result) {
  using nlohmann::json;
  json line = {{"frame", result.frameIndex}, {"pts_ns", result.ptsNs}, {"mode", result.protocolId}};
  if (result.hasHead(ModelTask::AmpullaSoftMask)) {
    const auto& a = result.ampulla;
    line["box"] = a ? boxJson(a->box) : json(nullptr);
    line["score"] = a ? a->score : 0.0;
    line["centroid"] = a ? json{a->centroidX, a->centroidY} : json(nullptr);
    line["shown"] = a && a->score >= result.displayThreshold;
    const auto& drawn = result.stable.ampulla;
    const bool drawnShown = drawn && drawn->score >= result.displayThreshold;
    line["shown_box"] = drawnShown ? boxJson(drawn->box) : json(nullptr);
    line["shown_centroid"] = drawnShown ? json{drawn->centroidX, drawn->centroidY} : json(nullptr);
  }
  if (result.hasHead(ModelTask::CannulationDifficulty)) {
    line["difficulty"] = probabilitiesJson(result.difficulty);
    if (result.difficultProbability) line["difficulty"]["p_difficult"] = *result.difficultProbability;
    line["warning"] = {{"light", toString(result.stable.light)},
                       {"p_difficult", result.stable.difficultProbability ? json(*result.stable.difficultProbability) : json(nullptr)},
                       {"probabilities", byLabelJson(result.stable.difficulty)}};
  }
  if (result.hasHead(ModelTask::CystType)) {
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
  line["device"] = result.device.empty() ? json(nullptr) : json(result.device);
  if (!result.deviceNotice.empty()) line["device_notice"] = result.deviceNotice;
  if (result.signalGapNs > 0) line["signal_gap_ns"] = result.signalGapNs;
  if (!result.invalidOutputs.empty()) {
    line["invalid"] = json::array();
    for (const ModelTask task : result.invalidOutputs) line["invalid"].push_back(toString(task));
  }
  return line;
}

InferenceResult resultFromJson(const nlohmann::json& line, cv::Size frameSize) {
  const JsonFields fields(line, "");
  InferenceResult result;
  result.frameIndex = fields.integer("frame", 0, kMaxFrame);
  result.ptsNs = fields.integer("pts_ns", 0, kMaxPtsNs);
  if (const auto mode = fields.optionalText("mode", 32)) {
    try {
      result.protocolId = parseProtocolId(*mode);
    } catch (const std::invalid_argument& e) {
      fields.fail("mode", e.what());
    }
  }
  // The heads a line has fields for are the heads its protocol ran.
  if (fields.has("score")) result.headTasks.push_back(ModelTask::AmpullaSoftMask);
  if (fields.has("warning")) result.headTasks.push_back(ModelTask::CannulationDifficulty);
  if (fields.has("cyst_type")) result.headTasks.push_back(ModelTask::CystType);
  result.frameSize = frameSize;
  // What was drawn is what the line kept, so everything kept counts as shown.
  result.displayThreshold = 0.0;
  const double score = fields.optionalNumber("score", 0, 1).value_or(0.0);
  result.ampulla = detectionFrom(fields, "box", "centroid", score);
  result.stable.ampulla = detectionFrom(fields, "shown_box", "shown_centroid", score);
  if (const auto difficulty = fields.optionalObject("difficulty")) {
    result.difficulty = probabilitiesFrom(*difficulty, "probabilities");
    result.difficultProbability = difficulty->optionalNumber("p_difficult", 0, 1);
  }
  if (const auto warning = fields.optionalObject("warning")) {
    result.stable.light = lightFrom(*warning);
    result.stable.difficultProbability = warning->optionalNumber("p_difficult", 0, 1);
    result.stable.difficulty = probabilitiesFrom(*warning, "probabilities");
  }
  if (const auto cyst = fields.optionalObject("cyst_type")) result.cystType = probabilitiesFrom(*cyst, "probabilities");
  result.cystRegion = boxFrom(fields, "cyst_region");
  result.stable.cystLabel = fields.optionalText("cyst_badge", 200);
  result.stable.cystType = probabilitiesFrom(fields, "cyst_type_smoothed");
  // Lines written before the smoothed probabilities were kept have the frame's own.
  if (!result.stable.cystType) result.stable.cystType = result.cystType;
  if (const auto t = fields.optionalObject("timings_ms")) {
    const auto ms = [&](const char* stage) { return t->optionalNumber(stage, 0, kMaxMs).value_or(0.0); };
    result.timings = {ms("queued"), ms("preprocess"), ms("inference"), ms("postprocess"), ms("ready")};
  }
  if (fields.has("models")) {
    const nlohmann::json& models = fields.array("models", 0, 16);
    for (std::size_t i = 0; i < models.size(); ++i) {
      const JsonFields m(models[i], "models[" + std::to_string(i) + "].");
      result.models.push_back({m.text("name", 100), m.text("version", 50), m.text("sha256", 64),
                               m.optionalText("card_sha256", 64).value_or("")});
    }
  }
  if (fields.has("invalid")) {
    for (const std::string& task : fields.texts("invalid", 0, 3)) {
      try {
        result.invalidOutputs.push_back(parseModelTask(task));
      } catch (const std::invalid_argument& e) {
        fields.fail("invalid", e.what());
      }
    }
  }
  result.signalGapNs = fields.optionalInteger("signal_gap_ns", 0, kMaxPtsNs).value_or(0);
  result.device = fields.optionalText("device", 100).value_or("");
  result.deviceNotice = fields.optionalText("device_notice").value_or("");
  return result;
}

nlohmann::json modelsToJson(const std::vector<ModelIdentity>& models) {
  nlohmann::json list = nlohmann::json::array();
  for (const ModelIdentity& m : models) {
    list.push_back({{"name", m.name}, {"version", m.version}, {"sha256", m.sha256}});
    if (!m.cardSha256.empty()) list.back()["card_sha256"] = m.cardSha256;
  }
  return list;
}

}  // namespace endoverlay
