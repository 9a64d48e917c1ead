#include "core/model/ModelCard.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "core/support/FileText.h"
#include "core/support/JsonFields.h"
#include "core/support/Sha256.h"

namespace endoverlay {
namespace {

constexpr const char* kSchema = "endoverlay.model-card/1";
constexpr std::int64_t kMaxSide = 16384;
constexpr std::int64_t kMaxOutputElements = std::int64_t{1} << 26;
constexpr std::size_t kMaxLabels = 1000;

ColourOrder parseColourOrder(const JsonFields& input) {
  const std::string order = input.text("colour_order");
  if (order == "RGB") return ColourOrder::Rgb;
  if (order == "BGR") return ColourOrder::Bgr;
  if (order == "GREY") return ColourOrder::Grey;
  input.fail("colour_order", "must be RGB, BGR or GREY, not '" + order + "'");
}

std::vector<float> perChannel(const JsonFields& input, const std::string& key, int channels, double least, double most) {
  const auto count = static_cast<std::size_t>(channels);
  const std::vector<double> values = input.numbers(key, count, count, least, most);
  return {values.begin(), values.end()};
}

InputSpec parseInput(const JsonFields& card) {
  const JsonFields input = card.object("input");
  InputSpec spec;
  spec.width = static_cast<int>(input.integer("width", 1, kMaxSide));
  spec.height = static_cast<int>(input.integer("height", 1, kMaxSide));
  spec.colourOrder = parseColourOrder(input);
  const int wantedChannels = spec.colourOrder == ColourOrder::Grey ? 1 : 3;
  spec.channels = static_cast<int>(input.integer("channels", 1, 3));
  if (spec.channels != wantedChannels)
    input.fail("channels", "is " + std::to_string(spec.channels) + " but colour order " + input.text("colour_order") +
                               " has " + std::to_string(wantedChannels));
  // Pixels reach the model as pixel / 255; a mean or spread far outside that scale only makes infinities.
  spec.mean = perChannel(input, "mean", spec.channels, -1000, 1000);
  spec.std = perChannel(input, "std", spec.channels, 1e-6, 1000);
  if (const auto roi = input.optionalObject("region_of_interest")) {
    RegionOfInterest region;
    region.around = roi->text("around");
    if (region.around != "ampulla_box") roi->fail("around", "must be ampulla_box, not '" + region.around + "'");
    region.scale = roi->number("scale", 0.1, 10);
    spec.regionOfInterest = region;
  }
  if (const auto window = input.optionalObject("window")) {
    if (window->text("units", 10) != "HU") window->fail("units", "must be HU");
    spec.window = WindowLevel{window->number("centre", -100000, 100000),
                              window->number("width", 2, WindowLevel::kWidest)};  // 1 would be a threshold
  }
  if (const auto intensity = input.optionalObject("intensity")) {
    const std::vector<double> percentiles = intensity->numbers("stretch_percentiles", 2, 2, 0, 100);
    if (percentiles[0] >= percentiles[1]) intensity->fail("stretch_percentiles", "must be a low, then a higher percentile");
    spec.stretchPercentiles = std::array<double, 2>{percentiles[0], percentiles[1]};
  }
  if (spec.window && spec.stretchPercentiles) input.fail("window", "and intensity cannot both be given");
  return spec;
}

std::vector<OutputSpec> parseOutputs(const JsonFields& card) {
  const nlohmann::json& list = card.array("outputs", 1, 8);
  std::vector<OutputSpec> outputs;
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonFields item(list[i], "outputs[" + std::to_string(i) + "].");
    OutputSpec output;
    output.name = item.text("name", 100);
    if (!names.insert(output.name).second) item.fail("name", "'" + output.name + "' is used by another output");
    std::int64_t elements = 1;
    for (const double dim : item.numbers("shape", 1, 6, 1, 100000)) {
      if (dim != static_cast<double>(static_cast<std::int64_t>(dim))) item.fail("shape", "must hold whole numbers");
      output.shape.push_back(static_cast<std::int64_t>(dim));
      if (elements > kMaxOutputElements / output.shape.back()) item.fail("shape", "is too large");
      elements *= output.shape.back();
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

std::vector<std::string> parseLabels(const JsonFields& card, HeadKind kind) {
  // A classifier tells two labels at least apart, and a segmenter its region from the background.
  const std::vector<std::string> labels = card.texts("labels", kind == HeadKind::SoftMaskLocaliser ? 0 : 2, kMaxLabels);
  std::set<std::string> seen;
  for (const std::string& label : labels)
    if (!seen.insert(label).second) card.fail("labels", "'" + label + "' appears twice");
  return labels;
}

// postprocess.difficult_classes; for a cannulation difficulty model without them, every label but the first (the easy one).
std::vector<std::string> parseDifficultClasses(const std::optional<JsonFields>& post, const ModelCard& card) {
  const std::vector<std::string>& labels = card.labels;
  if (!post || post->isNull("difficult_classes")) {
    if (card.task == kCannulationDifficultyTask) return {labels.begin() + 1, labels.end()};
    return {};
  }
  const std::vector<std::string> classes = post->texts("difficult_classes", 1, labels.size() - 1);
  std::set<std::string> seen;
  for (const std::string& label : classes) {
    if (std::find(labels.begin(), labels.end(), label) == labels.end())
      post->fail("difficult_classes", "'" + label + "' is not one of the card's labels");
    if (!seen.insert(label).second) post->fail("difficult_classes", "'" + label + "' appears twice");
  }
  return classes;
}

// postprocess.segment_label: the label whose pixels make the region; by default the second, after the background.
std::size_t parseSegmentedLabel(const std::optional<JsonFields>& post, const std::vector<std::string>& labels) {
  if (!post || post->isNull("segment_label")) return 1;
  const std::string label = post->text("segment_label", 200);
  const auto it = std::find(labels.begin(), labels.end(), label);
  if (it == labels.end()) post->fail("segment_label", "'" + label + "' is not one of the card's labels");
  if (it == labels.begin()) post->fail("segment_label", "'" + label + "' is the background, the first label");
  return static_cast<std::size_t>(it - labels.begin());
}

// postprocess.decision: {"label", "cutoff"}, for a classifier with an operating point other than the argmax.
std::optional<ClassDecision> parseDecision(const std::optional<JsonFields>& post, const std::vector<std::string>& labels) {
  if (!post || post->isNull("decision")) return std::nullopt;
  const JsonFields decision = post->object("decision");
  decision.allowOnly({"label", "cutoff"});
  const std::string label = decision.text("label", 200);
  const auto it = std::find(labels.begin(), labels.end(), label);
  if (it == labels.end()) decision.fail("label", "'" + label + "' is not one of the card's labels");
  const double cutoff = decision.number("cutoff", 0, 1);
  if (cutoff <= 0 || cutoff >= 1) decision.fail("cutoff", "must lie between 0 and 1, not on them");
  return ClassDecision{static_cast<std::size_t>(it - labels.begin()), cutoff};
}

void parsePostprocess(const JsonFields& card, ModelCard& result) {
  const std::optional<JsonFields> post = card.optionalObject("postprocess");
  if (post) {
    if (const auto box = post->optionalNumber("box_threshold", 0, 1)) {
      if (*box <= 0 || *box >= 1) post->fail("box_threshold", "must lie between 0 and 1, not on them");
      result.boxThreshold = *box;
    }
    if (const auto display = post->optionalNumber("display_threshold", 0, 1)) result.displayThreshold = *display;
    if (const auto method = post->optionalText("gradcam_method", 100)) result.gradCamMethod = *method;
    if (const auto activation = post->optionalText("activation", 32)) {
      const bool scoresLabels = result.kind != HeadKind::SoftMaskLocaliser;
      if (*activation == "sigmoid") result.activation = Activation::Sigmoid;
      else if (*activation == "softmax" && scoresLabels) result.activation = Activation::Softmax;
      else post->fail("activation", scoresLabels ? "must be softmax or sigmoid" : "must be sigmoid for a soft mask");
    }
  }
  // Fields of another kind of head would be ignored; a card that holds one was written for something else.
  const auto onlyFor = [&](const char* key, HeadKind kind) {
    if (post && !post->isNull(key) && result.kind != kind)
      post->fail(key, "is a " + toString(kind) + "'s; this card is a " + toString(result.kind));
  };
  onlyFor("box_threshold", HeadKind::SoftMaskLocaliser);
  onlyFor("difficult_classes", HeadKind::Classifier);
  onlyFor("gradcam_method", HeadKind::Classifier);
  onlyFor("segment_label", HeadKind::Segmenter);
  onlyFor("decision", HeadKind::Classifier);
  onlyFor("mask_margin_px", HeadKind::Classifier);
  if (result.kind == HeadKind::Classifier) {
    result.difficultClasses = parseDifficultClasses(post, result);
    result.decision = parseDecision(post, result.labels);
    if (post && !post->isNull("mask_margin_px"))
      result.maskMarginPx = static_cast<int>(post->integer("mask_margin_px", 0, 64));
  }
  if (result.kind == HeadKind::Segmenter) result.segmentedLabel = parseSegmentedLabel(post, result.labels);
}

// The card's kind; the bundled tasks' cards, written before cards said it, may leave it out.
HeadKind parseKind(const JsonFields& card, const std::string& task) {
  const std::optional<HeadKind> bundled = kindOfBundledTask(task);
  if (!card.has("kind")) {
    if (!bundled) card.fail("kind", "is needed for task " + task + ": soft_mask_localiser, classifier or segmenter");
    return *bundled;
  }
  HeadKind kind = HeadKind::Classifier;
  try {
    kind = parseHeadKind(card.text("kind", 32));
  } catch (const std::invalid_argument& e) {
    card.fail("kind", e.what());
  }
  if (bundled && *bundled != kind) card.fail("kind", "task " + task + " is done by a " + toString(*bundled));
  return kind;
}

bool isLowerHex64(const std::string& text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'); });
}

// What the heads need of the outputs, checked here so a card that cannot
// serve its task is refused when it loads rather than on the first frame.
void checkOutputsServeTask(const JsonFields& card, const ModelCard& result) {
  const auto& first = result.outputs.front().shape;
  const auto labels = static_cast<std::int64_t>(result.labels.size());
  if (result.kind == HeadKind::SoftMaskLocaliser) {
    if (first.size() != 4 || first[0] != 1 || first[1] != 1)
      card.fail("outputs[0].shape", "a soft mask must be [1, 1, H, W]");
  } else if (result.kind == HeadKind::Segmenter) {
    if (first.size() != 4 || first[0] != 1 || first[1] != labels)
      card.fail("outputs[0].shape", "must be [1, N, H, W] with one of its " + std::to_string(labels) +
                                        " labels per channel");
  } else if (first.size() != 2 || first[0] != 1 || first[1] != labels) {
    card.fail("outputs[0].shape", "must be [1, N] with one of its " + std::to_string(labels) +
                                      " labels per logit");
  }
  if (!result.gradCamMethod.empty() && (result.outputs.size() < 2 || result.outputs[1].shape.size() != 4))
    card.fail("postprocess.gradcam_method", "needs a [1, C, H, W] feature map as the second output");
  if (result.input.regionOfInterest && result.kind != HeadKind::Classifier)
    card.fail("input.region_of_interest", "is a classifier's; a " + toString(result.kind) + " reads the whole frame");
  if (result.task == kCannulationDifficultyTask && !result.input.regionOfInterest)
    card.fail("input.region_of_interest", "a cannulation difficulty model must take the square around the ampulla_box");
}

}  // namespace

bool ModelCard::drives(ReadoutKind readout) const {
  return canDrive(kind, readout) && (readout != ReadoutKind::TrafficLight || !difficultClasses.empty());
}

std::size_t ModelCard::decide(const std::vector<double>& probabilities) const {
  const auto mostProbable = [&](std::optional<std::size_t> except) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < probabilities.size(); ++i)
      if (i != except && (!best || probabilities[i] > probabilities[*best])) best = i;
    return best.value_or(0);
  };
  if (!decision || decision->label >= probabilities.size()) return mostProbable(std::nullopt);
  if (probabilities[decision->label] >= decision->cutoff) return decision->label;
  return mostProbable(decision->label);
}

ModelCard ModelCard::parse(const std::string& text, const std::filesystem::path& cardPath) {
  const std::string prefix = "model card " + cardPath.string() + ": ";
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) throw ModelCardError(prefix + "is not valid JSON");
  ModelCard result;
  try {
    const JsonFields card(json, "");
    if (!card.has("schema") || card.raw().at("schema") != kSchema)
      throw FieldError(std::string("is not an Endoverlay model card (field 'schema' must be '") + kSchema + "')");
    result.cardPath = cardPath;
    result.name = card.text("name", 100);
    result.version = card.text("version", 50);
    result.task = card.text("task", 64);
    if (!isTaskWord(result.task)) card.fail("task", "must be 1 to 64 of a-z, 0-9 and '_'");
    result.kind = parseKind(card, result.task);
    result.activation = result.kind == HeadKind::SoftMaskLocaliser ? Activation::Sigmoid : Activation::Softmax;
    result.sha256 = card.text("sha256", 64);
    if (!isLowerHex64(result.sha256)) card.fail("sha256", "must be 64 lowercase hexadecimal digits");
    result.trainingData = card.text("training_data");
    result.input = parseInput(card);
    result.outputs = parseOutputs(card);
    result.labels = parseLabels(card, result.kind);
    parsePostprocess(card, result);
    if (card.has("half_precision")) result.halfPrecision = card.boolean("half_precision");
    checkOutputsServeTask(card, result);
    const std::string file = card.text("file", 255);
    const std::filesystem::path fileName(file);
    if (fileName.has_parent_path() || file == "." || file == "..")
      card.fail("file", "must be a file name beside the card, not a path");
    result.modelPath = cardPath.parent_path() / fileName;
  } catch (const FieldError& e) {
    throw ModelCardError(prefix + e.what());
  }
  return result;
}

ModelCard ModelCard::load(const std::filesystem::path& cardPath) {
  const std::optional<std::string> bytes = readFileBytes(cardPath);
  if (!bytes) throw ModelCardError("model card " + cardPath.string() + ": cannot be read (missing or not permitted)");
  ModelCard card = parse(*bytes, cardPath);
  card.cardSha256 = sha256OfBytes(*bytes);
  if (!std::filesystem::is_regular_file(card.modelPath))
    throw ModelCardError("model card " + cardPath.string() + ": file: its model file " + card.modelPath.string() +
                         " does not exist");
  return card;
}

}  // namespace endoverlay
