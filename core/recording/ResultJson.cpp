#include "core/recording/ResultJson.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/analysis/SegmentationMask.h"
#include "core/protocol/Protocol.h"
#include "core/support/JsonFields.h"

namespace endoverlay {
namespace {

// Beyond these a line is damaged, whatever the video: no frame is a million pixels wide, no procedure lasts a year.
constexpr std::int64_t kMaxFrame = 1'000'000'000;
constexpr std::int64_t kMaxPtsNs = 365LL * 24 * 3600 * 1'000'000'000LL;
constexpr double kMaxPixels = 1e6;
constexpr double kMaxMs = 1e7;

nlohmann::json boxJson(const Box& b) { return {b.x, b.y, b.width, b.height}; }

constexpr std::size_t kMaxLabels = 1000;

// [[label, p], ...] in the card's order, which decides a badge's colour and the breakdown's rows; null when none.
nlohmann::json probabilitiesJson(const std::optional<ClassProbabilities>& p) {
  if (!p) return nullptr;
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < p->labels.size(); ++i) list.push_back({p->labels[i], p->values[i]});
  return list;
}

std::optional<ClassProbabilities> probabilitiesFromList(const JsonFields& parent, const std::string& key) {
  if (parent.isNull(key)) return std::nullopt;
  const nlohmann::json& list = parent.array(key, 1, kMaxLabels);
  ClassProbabilities p;
  for (const nlohmann::json& item : list) {
    if (!item.is_array() || item.size() != 2 || !item[0].is_string() || !item[1].is_number())
      parent.fail(key, "must hold [label, probability] pairs");
    const std::string label = item[0].get<std::string>();
    checkPlainText(label, parent.path(key), 200);
    const double value = item[1].get<double>();
    if (label.empty()) parent.fail(key, "has an empty label");
    if (!(value >= 0 && value <= 1)) parent.fail(key, "holds a probability outside 0 to 1");
    p.labels.push_back(label);
    p.values.push_back(value);
  }
  return p;
}

// Schema 1's {label: p, ...}; its labels come back in alphabetical order.
std::optional<ClassProbabilities> probabilitiesFrom(const JsonFields& parent, const std::string& key) {
  const std::optional<JsonFields> byLabel = parent.optionalObject(key);
  if (!byLabel) return std::nullopt;
  if (byLabel->raw().size() > kMaxLabels) parent.fail(key, "has too many labels");
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

// A segmenter's fields: this frame's area_fraction, and the shown region drawn (shown_area_fraction and
// shown_outlines [[[x, y], ...], ...] in frame pixels, to 0.1). This frame's own outlines are not kept: replay
// and exports draw what was shown, and a line stays small.
void segmenterToJson(const HeadOutput& head, nlohmann::json& out) {
  using nlohmann::json;
  out["area_fraction"] = head.segmentation ? json(head.segmentation->areaFraction) : json(nullptr);
  const auto& shown = head.stable.segmentation;
  out["shown_area_fraction"] = shown ? json(shown->areaFraction) : json(nullptr);
  if (!shown) {
    out["shown_outlines"] = nullptr;
    return;
  }
  json outlines = json::array();
  for (const auto& outline : shown->outlines) {
    json points = json::array();
    for (const cv::Point2d& p : outline) points.push_back({std::round(p.x * 10) / 10, std::round(p.y * 10) / 10});
    outlines.push_back(std::move(points));
  }
  out["shown_outlines"] = std::move(outlines);
}

std::vector<std::vector<cv::Point2d>> outlinesFrom(const JsonFields& fields, const std::string& key) {
  std::vector<std::vector<cv::Point2d>> outlines;
  if (fields.isNull(key)) return outlines;
  std::size_t corners = 0;
  for (const nlohmann::json& outline : fields.array(key, 0, kMaxSegmentationOutlines)) {
    if (!outline.is_array()) fields.fail(key, "must hold lists of points");
    corners += outline.size();
    if (corners > kMaxSegmentationPoints)
      fields.fail(key, "holds more than " + std::to_string(kMaxSegmentationPoints) + " points");
    std::vector<cv::Point2d> points;
    for (const nlohmann::json& point : outline) {
      if (!point.is_array() || point.size() != 2 || !point[0].is_number() || !point[1].is_number())
        fields.fail(key, "must hold points [x, y]");
      const double x = point[0].get<double>(), y = point[1].get<double>();
      if (!(std::abs(x) <= kMaxPixels && std::abs(y) <= kMaxPixels)) fields.fail(key, "holds a point far off the picture");
      points.emplace_back(x, y);
    }
    outlines.push_back(std::move(points));
  }
  return outlines;
}

void segmenterFrom(const JsonFields& fields, HeadOutput& head) {
  if (const auto area = fields.optionalNumber("area_fraction", 0, 1)) head.segmentation = Segmentation{{}, *area};
  if (const auto area = fields.optionalNumber("shown_area_fraction", 0, 1))
    head.stable.segmentation = Segmentation{outlinesFrom(fields, "shown_outlines"), *area};
}

// A classifier's fields: this frame's probabilities, where it looked, and what its readout showed.
void classifierToJson(const HeadOutput& head, nlohmann::json& out) {
  using nlohmann::json;
  const auto& p = head.probabilities;
  out["probabilities"] = probabilitiesJson(p);
  out["top"] = p ? json(p->labels.at(p->top())) : json(nullptr);
  out["region"] = head.region ? boxJson(*head.region) : json(nullptr);
  out["smoothed"] = probabilitiesJson(head.stable.probabilities);
  if (head.readout == ReadoutKind::TrafficLight) {
    out["group_probability"] = nullable(head.groupProbability);
    out["smoothed_group_probability"] = nullable(head.stable.groupProbability);
    out["light"] = toString(head.stable.light);
  }
  if (head.readout == ReadoutKind::ClassBadge)
    out["badge"] = head.stable.label ? json(*head.stable.label) : json(nullptr);
}

void classifierFrom(const JsonFields& fields, HeadOutput& head) {
  head.probabilities = probabilitiesFromList(fields, "probabilities");
  head.region = boxFrom(fields, "region");
  head.stable.probabilities = probabilitiesFromList(fields, "smoothed");
  head.groupProbability = fields.optionalNumber("group_probability", 0, 1);
  head.stable.groupProbability = fields.optionalNumber("smoothed_group_probability", 0, 1);
  head.stable.light = lightFrom(fields, "light");
  head.stable.label = fields.optionalText("badge", 200);
}

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
  const nlohmann::json& heads = fields.array("heads", 1, kMaxProtocolHeads);
  for (std::size_t i = 0; i < heads.size(); ++i) {
    const JsonFields h(heads[i], "heads[" + std::to_string(i) + "].");
    HeadOutput head;
    head.id = headIdFrom(h);
    if (result.head(head.id)) h.fail("id", "names the head before it again");
    head.kind = kindFrom(h, "kind", parseHeadKind);
    head.readout = kindFrom(h, "readout", parseReadoutKind);
    if (!canDrive(head.kind, head.readout)) h.fail("readout", "does not fit a " + toString(head.kind));
    head.model = modelFrom(h.object("model"));
    head.ran = h.boolean("ran");
    head.invalid = h.has("invalid") && h.boolean("invalid");
    // What was drawn is what the line kept, so everything kept counts as shown.
    head.displayThreshold = 0.0;
    switch (head.kind) {
      case HeadKind::SoftMaskLocaliser: localiserFrom(h, head); break;
      case HeadKind::Classifier: classifierFrom(h, head); break;
      case HeadKind::Segmenter: segmenterFrom(h, head); break;
    }
    result.heads.push_back(std::move(head));
  }
}

// Lines of schema 1 (made before results per head) had one set of fields per task;
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
    head.invalid = std::find(invalid.begin(), invalid.end(), task) != invalid.end();
    head.ran = ran || head.invalid;  // an invalid head ran; its numbers were left out
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

nlohmann::json contrastToJson(const ContrastReading& c) {
  using nlohmann::json;
  const auto text = [](const std::string& t) { return t.empty() ? json(nullptr) : json(t); };
  return {{"injection_pts_ns", c.injectionPtsNs ? json(*c.injectionPtsNs) : json(nullptr)},
          {"seconds_since_injection", c.secondsSinceInjection ? json(*c.secondsSinceInjection) : json(nullptr)},
          {"phase", text(c.phase)},
          {"heads_wait_for", text(c.headsWaitFor)},
          {"region", c.region ? boxJson(*c.region) : json(nullptr)},
          {"region_mean", c.region ? json(c.regionMean) : json(nullptr)},
          {"reference", c.reference ? boxJson(*c.reference) : json(nullptr)},
          {"reference_mean", c.reference ? json(c.referenceMean) : json(nullptr)}};
}

ContrastReading contrastFrom(const JsonFields& c) {
  ContrastReading reading;
  // Before 0 when a recording started after the injection.
  reading.injectionPtsNs = c.optionalInteger("injection_pts_ns", -kMaxPtsNs, kMaxPtsNs);
  reading.secondsSinceInjection = c.optionalNumber("seconds_since_injection", 0, kMaxPtsNs / 1e9);
  if (reading.secondsSinceInjection.has_value() != reading.injectionPtsNs.has_value())
    c.fail("seconds_since_injection", "must be given with injection_pts_ns, and only with it");
  reading.phase = c.optionalText("phase", 32).value_or("");
  reading.headsWaitFor = c.optionalText("heads_wait_for", 32).value_or("");
  if (!reading.phase.empty() && !reading.injectionPtsNs) c.fail("phase", "is set without an injection");
  reading.region = boxFrom(c, "region");
  if (reading.region) reading.regionMean = c.number("region_mean", 0, 255);
  reading.reference = boxFrom(c, "reference");
  if (reading.reference) reading.referenceMean = c.number("reference_mean", 0, 255);
  return reading;
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
    switch (head.kind) {
      case HeadKind::SoftMaskLocaliser: localiserToJson(head, out); break;
      case HeadKind::Classifier: classifierToJson(head, out); break;
      case HeadKind::Segmenter: segmenterToJson(head, out); break;
    }
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
  if (result.contrast) line["contrast"] = contrastToJson(*result.contrast);
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
  if (const auto contrast = fields.optionalObject("contrast")) {
    result.contrast = contrastFrom(*contrast);
    if (result.contrast->injectionPtsNs > result.ptsNs) contrast->fail("injection_pts_ns", "is after the frame");
  }
  return result;
}

nlohmann::json modelsToJson(const std::vector<ModelIdentity>& models) {
  nlohmann::json list = nlohmann::json::array();
  for (const ModelIdentity& m : models) list.push_back(modelJson(m));
  return list;
}

}  // namespace endoverlay
