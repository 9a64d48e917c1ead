#include "core/recording/ResultJson.h"

#include <algorithm>
#include <stdexcept>

#include "core/support/JsonFields.h"
#include "core/protocol/Protocol.h"

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

std::optional<Detection> detectionFrom(const JsonFields& parent, const std::string& boxKey,
                                              const std::string& centroidKey, double score) {
  const std::optional<Box> b = boxFrom(parent, boxKey);
  if (!b) return std::nullopt;
  Detection a{*b, score, b->x + b->width / 2, b->y + b->height / 2};
  if (!parent.isNull(centroidKey)) {
    const std::vector<double> c = parent.numbers(centroidKey, 2, 2, -kMaxPixels, kMaxPixels);
    a.centroidX = c[0];
    a.centroidY = c[1];
  }
  return a;
}

TrafficLight lightFrom(const JsonFields& fields, const std::string& key) {
  const std::string text = fields.optionalText(key, 16).value_or("off");
  for (const TrafficLight light : {TrafficLight::Off, TrafficLight::Green, TrafficLight::Amber, TrafficLight::Red})
    if (toString(light) == text) return light;
  fields.fail(key, "must be off, green, amber or red");
}

nlohmann::json nullable(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(nullptr); }

nlohmann::json modelJson(const ModelIdentity& m) {
  nlohmann::json model = {{"name", m.name}, {"version", m.version}, {"sha256", m.sha256}};
  if (!m.cardSha256.empty()) model["card_sha256"] = m.cardSha256;
  return model;
}

ModelIdentity modelFrom(const JsonFields& m) {
  return {m.text("name", 100), m.text("version", 50), m.text("sha256", 64), m.optionalText("card_sha256", 64).value_or("")};
}

// A soft-mask localiser's fields: this frame's box, score and centroid, and the smoothed box drawn.
void localiserToJson(const HeadOutput& head, nlohmann::json& out) {
  using nlohmann::json;
  const auto& a = head.detection;
  out["box"] = a ? boxJson(a->box) : json(nullptr);
  out["score"] = a ? a->score : 0.0;
  out["centroid"] = a ? json{a->centroidX, a->centroidY} : json(nullptr);
  out["shown"] = a && a->score >= head.displayThreshold;
  const auto& drawn = head.stable.detection;
  const bool drawnShown = head.detectionShown();
  out["shown_box"] = drawnShown ? boxJson(drawn->box) : json(nullptr);
  out["shown_centroid"] = drawnShown ? json{drawn->centroidX, drawn->centroidY} : json(nullptr);
}

void localiserFrom(const JsonFields& fields, HeadOutput& head) {
  const double score = fields.optionalNumber("score", 0, 1).value_or(0.0);
  head.detection = detectionFrom(fields, "box", "centroid", score);
  head.stable.detection = detectionFrom(fields, "shown_box", "shown_centroid", score);
}

// A classifier's fields: this frame's probabilities, where it looked, and what its readout showed.
void classifierToJson(const HeadOutput& head, nlohmann::json& out) {
  using nlohmann::json;
  const auto& p = head.probabilities;
  out["probabilities"] = byLabelJson(p);
  out["top"] = p ? json(p->labels.at(p->top())) : json(nullptr);
  out["region"] = head.region ? boxJson(*head.region) : json(nullptr);
  out["smoothed"] = byLabelJson(head.stable.probabilities);
  if (head.readout == ReadoutKind::TrafficLight) {
    out["group_probability"] = nullable(head.groupProbability);
    out["smoothed_group_probability"] = nullable(head.stable.groupProbability);
    out["light"] = toString(head.stable.light);
  }
  if (head.readout == ReadoutKind::ClassBadge)
    out["badge"] = head.stable.label ? json(*head.stable.label) : json(nullptr);
}

void classifierFrom(const JsonFields& fields, HeadOutput& head) {
  head.probabilities = probabilitiesFrom(fields, "probabilities");
  head.region = boxFrom(fields, "region");
  head.stable.probabilities = probabilitiesFrom(fields, "smoothed");
  head.groupProbability = fields.optionalNumber("group_probability", 0, 1);
  head.stable.groupProbability = fields.optionalNumber("smoothed_group_probability", 0, 1);
  head.stable.light = lightFrom(fields, "light");
  head.stable.label = fields.optionalText("badge", 200);
}

constexpr std::size_t kMaxHeads = 8;

std::string headIdFrom(const JsonFields& fields) {
  const std::string id = fields.text("id", 32);
  try {
    return parseProtocolId(id);
  } catch (const std::invalid_argument&) {
    fields.fail("id", "must be a head id: a-z, 0-9, '_' and '-'");
  }
}

template <typename Kind>
Kind kindFrom(const JsonFields& fields, const std::string& key, Kind (*parse)(const std::string&)) {
  try {
    return parse(fields.text(key, 32));
  } catch (const std::invalid_argument& e) {
    fields.fail(key, e.what());
  }
}

void headsFromSchemaTwo(const JsonFields& fields, InferenceResult& result) {
  const nlohmann::json& heads = fields.array("heads", 1, kMaxHeads);
  for (std::size_t i = 0; i < heads.size(); ++i) {
    const JsonFields h(heads[i], "heads[" + std::to_string(i) + "].");
    HeadOutput head;
    head.id = headIdFrom(h);
    if (result.head(head.id)) h.fail("id", "names the head before it again");
    head.kind = kindFrom(h, "kind", parseHeadKind);
    head.readout = kindFrom(h, "readout", parseReadoutKind);
    if ((head.kind == HeadKind::SoftMaskLocaliser) != (head.readout == ReadoutKind::HeatmapBox))
      h.fail("readout", "does not fit a " + toString(head.kind));
    head.model = modelFrom(h.object("model"));
    head.ran = h.boolean("ran");
    head.invalid = h.has("invalid") && h.boolean("invalid");
    // What was drawn is what the line kept, so everything kept counts as shown.
    head.displayThreshold = 0.0;
    if (head.kind == HeadKind::SoftMaskLocaliser) localiserFrom(h, head);
    else classifierFrom(h, head);
    result.heads.push_back(std::move(head));
  }
}

// Lines of schema 1 (made before protocols) had one set of fields per task;
// each becomes the head the bundled protocol gives that task.
void headsFromSchemaOne(const JsonFields& fields, InferenceResult& result) {
  std::vector<std::string> invalid;
  if (fields.has("invalid")) {
    invalid = fields.texts("invalid", 0, 3);
    for (const std::string& task : invalid)
      if (task != kAmpullaSoftMaskTask && task != kCannulationDifficultyTask && task != kCystTypeTask)
        fields.fail("invalid", "unknown task '" + task + "'");
  }
  const auto add = [&](const char* id, const std::string& task, ReadoutKind readout, bool ran) -> HeadOutput& {
    HeadOutput head;
    head.id = id;
    head.kind = *kindOfBundledTask(task);
    head.readout = readout;
    head.ran = ran;
    head.invalid = std::find(invalid.begin(), invalid.end(), task) != invalid.end();
    head.displayThreshold = 0.0;
    result.heads.push_back(std::move(head));
    return result.heads.back();
  };
  const auto hasAny = [&](std::initializer_list<const char*> keys) {
    return std::any_of(keys.begin(), keys.end(), [&](const char* key) { return fields.has(key); });
  };
  if (hasAny({"score", "box", "centroid", "shown", "shown_box", "shown_centroid"}))
    localiserFrom(fields, add("ampulla", kAmpullaSoftMaskTask, ReadoutKind::HeatmapBox, true));
  if (hasAny({"difficulty", "warning"})) {
    const std::optional<JsonFields> difficulty = fields.optionalObject("difficulty");
    HeadOutput& head = add("difficulty", kCannulationDifficultyTask, ReadoutKind::TrafficLight, difficulty.has_value());
    if (difficulty) {
      head.probabilities = probabilitiesFrom(*difficulty, "probabilities");
      head.groupProbability = difficulty->optionalNumber("p_difficult", 0, 1);
    }
    if (const auto warning = fields.optionalObject("warning")) {
      head.stable.light = lightFrom(*warning, "light");
      head.stable.groupProbability = warning->optionalNumber("p_difficult", 0, 1);
      head.stable.probabilities = probabilitiesFrom(*warning, "probabilities");
    }
  }
  if (hasAny({"cyst_type", "cyst_region", "cyst_badge", "cyst_type_smoothed"})) {
    HeadOutput& head = add("cyst_type", kCystTypeTask, ReadoutKind::ClassBadge, true);
    if (const auto cyst = fields.optionalObject("cyst_type")) head.probabilities = probabilitiesFrom(*cyst, "probabilities");
    head.region = boxFrom(fields, "cyst_region");
    head.stable.label = fields.optionalText("cyst_badge", 200);
    head.stable.probabilities = probabilitiesFrom(fields, "cyst_type_smoothed");
    // Lines written before the smoothed probabilities were kept have the frame's own.
    if (!head.stable.probabilities) head.stable.probabilities = head.probabilities;
  }
  // The line's models are those of the heads that ran, in order.
  if (fields.has("models")) {
    const nlohmann::json& models = fields.array("models", 0, 16);
    std::vector<ModelIdentity> identities;
    for (std::size_t i = 0; i < models.size(); ++i)
      identities.push_back(modelFrom(JsonFields(models[i], "models[" + std::to_string(i) + "].")));
    auto next = identities.begin();
    for (HeadOutput& head : result.heads)
      if (head.ran && next != identities.end()) head.model = *next++;
  }
}

}  // namespace

nlohmann::json resultToJson(const InferenceResult& result) {
  using nlohmann::json;
  json line = {{"frame", result.frameIndex}, {"pts_ns", result.ptsNs}, {"mode", result.protocolId}};
  json heads = json::array();
  for (const HeadOutput& head : result.heads) {
    json out = {{"id", head.id},
                {"kind", toString(head.kind)},
                {"readout", toString(head.readout)},
                {"model", modelJson(head.model)},
                {"ran", head.ran}};
    if (head.invalid) out["invalid"] = true;
    if (head.kind == HeadKind::SoftMaskLocaliser) localiserToJson(head, out);
    else classifierToJson(head, out);
    heads.push_back(std::move(out));
  }
  line["heads"] = std::move(heads);
  line["timings_ms"] = {{"queued", result.timings.queuedMs},
                        {"preprocess", result.timings.preprocessMs},
                        {"inference", result.timings.inferenceMs},
                        {"postprocess", result.timings.postprocessMs},
                        {"ready", result.timings.readyMs}};
  line["device"] = result.device.empty() ? json(nullptr) : json(result.device);
  if (!result.deviceNotice.empty()) line["device_notice"] = result.deviceNotice;
  if (result.signalGapNs > 0) line["signal_gap_ns"] = result.signalGapNs;
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
  result.frameSize = frameSize;
  if (fields.has("heads")) headsFromSchemaTwo(fields, result);
  else headsFromSchemaOne(fields, result);
  if (const auto t = fields.optionalObject("timings_ms")) {
    const auto ms = [&](const char* stage) { return t->optionalNumber(stage, 0, kMaxMs).value_or(0.0); };
    result.timings = {ms("queued"), ms("preprocess"), ms("inference"), ms("postprocess"), ms("ready")};
  }
  result.signalGapNs = fields.optionalInteger("signal_gap_ns", 0, kMaxPtsNs).value_or(0);
  result.device = fields.optionalText("device", 100).value_or("");
  result.deviceNotice = fields.optionalText("device_notice").value_or("");
  return result;
}

nlohmann::json modelsToJson(const std::vector<ModelIdentity>& models) {
  nlohmann::json list = nlohmann::json::array();
  for (const ModelIdentity& m : models) list.push_back(modelJson(m));
  return list;
}

}  // namespace endoverlay
