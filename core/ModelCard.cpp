#include "core/ModelCard.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include <nlohmann/json.hpp>

namespace endoverlay {
namespace {

using nlohmann::json;

constexpr const char* kSchema = "endoverlay.model-card/1";

class CardReader {
 public:
  explicit CardReader(std::filesystem::path path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw ModelCardError("model card " + path_.string() + ": " + problem);
  }

  const json& field(const json& object, const std::string& key, json::value_t type,
                    const std::string& where) const {
    const auto it = object.find(key);
    if (it == object.end()) fail("missing field '" + where + key + "'");
    const bool numberWanted = type == json::value_t::number_float;
    if (numberWanted ? !it->is_number() : it->type() != type)
      fail("field '" + where + key + "' has the wrong type");
    return *it;
  }

  std::string text(const json& object, const std::string& key, const std::string& where = "") const {
    return field(object, key, json::value_t::string, where).get<std::string>();
  }

  double number(const json& object, const std::string& key, const std::string& where = "") const {
    return field(object, key, json::value_t::number_float, where).get<double>();
  }

  int positiveInt(const json& object, const std::string& key, const std::string& where) const {
    const json& value = field(object, key, json::value_t::number_float, where);
    if (!value.is_number_integer() || value.get<std::int64_t>() <= 0 || value.get<std::int64_t>() > 16384)
      fail("field '" + where + key + "' must be a positive whole number");
    return value.get<int>();
  }

  std::vector<float> numbers(const json& object, const std::string& key, const std::string& where,
                             std::size_t count) const {
    const json& list = field(object, key, json::value_t::array, where);
    if (list.size() != count)
      fail("field '" + where + key + "' must have " + std::to_string(count) + " values, one per channel");
    std::vector<float> values;
    for (const json& v : list) {
      if (!v.is_number()) fail("field '" + where + key + "' must hold numbers");
      values.push_back(v.get<float>());
    }
    return values;
  }

 private:
  std::filesystem::path path_;
};

json parseFile(const CardReader& reader, const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) reader.fail("cannot be read (missing or not permitted)");
  try {
    json card = json::parse(in);
    if (!card.is_object()) reader.fail("is not a JSON object");
    return card;
  } catch (const json::parse_error& e) {
    reader.fail(std::string("is not valid JSON (") + e.what() + ")");
  }
}

ModelTask parseTask(const CardReader& reader, const std::string& task) {
  if (task == "ampulla_soft_mask") return ModelTask::AmpullaSoftMask;
  if (task == "cannulation_difficulty") return ModelTask::CannulationDifficulty;
  if (task == "cyst_type") return ModelTask::CystType;
  reader.fail("unknown task '" + task + "'");
}

ColourOrder parseColourOrder(const CardReader& reader, const std::string& order) {
  if (order == "RGB") return ColourOrder::Rgb;
  if (order == "BGR") return ColourOrder::Bgr;
  if (order == "GREY") return ColourOrder::Grey;
  reader.fail("unknown input.colour_order '" + order + "' (RGB, BGR or GREY)");
}

InputSpec parseInput(const CardReader& reader, const json& card) {
  const json& input = reader.field(card, "input", json::value_t::object, "");
  InputSpec spec;
  spec.width = reader.positiveInt(input, "width", "input.");
  spec.height = reader.positiveInt(input, "height", "input.");
  spec.channels = reader.positiveInt(input, "channels", "input.");
  spec.colourOrder = parseColourOrder(reader, reader.text(input, "colour_order", "input."));
  const int wantedChannels = spec.colourOrder == ColourOrder::Grey ? 1 : 3;
  if (spec.channels != wantedChannels)
    reader.fail("input.channels is " + std::to_string(spec.channels) + " but colour order " +
                reader.text(input, "colour_order", "input.") + " has " + std::to_string(wantedChannels));
  const auto channels = static_cast<std::size_t>(spec.channels);
  spec.mean = reader.numbers(input, "mean", "input.", channels);
  spec.std = reader.numbers(input, "std", "input.", channels);
  if (std::any_of(spec.std.begin(), spec.std.end(), [](float s) { return !(s > 0.0f); }))
    reader.fail("input.std values must be above zero");
  if (const auto roi = input.find("region_of_interest"); roi != input.end()) {
    if (!roi->is_object()) reader.fail("field 'input.region_of_interest' has the wrong type");
    RegionOfInterest region;
    region.around = reader.text(*roi, "around", "input.region_of_interest.");
    region.scale = reader.number(*roi, "scale", "input.region_of_interest.");
    if (!(region.scale > 0.0)) reader.fail("input.region_of_interest.scale must be above zero");
    spec.regionOfInterest = region;
  }
  return spec;
}

std::vector<OutputSpec> parseOutputs(const CardReader& reader, const json& card) {
  const json& list = reader.field(card, "outputs", json::value_t::array, "");
  if (list.empty()) reader.fail("field 'outputs' is empty");
  std::vector<OutputSpec> outputs;
  for (const json& item : list) {
    if (!item.is_object()) reader.fail("every entry of 'outputs' must be an object");
    OutputSpec output;
    output.name = reader.text(item, "name", "outputs[].");
    for (const json& dim : reader.field(item, "shape", json::value_t::array, "outputs[].")) {
      if (!dim.is_number_integer() || dim.get<std::int64_t>() <= 0)
        reader.fail("output '" + output.name + "' has a shape entry that is not a positive whole number");
      output.shape.push_back(dim.get<std::int64_t>());
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

// postprocess.difficult_classes, or every label but the first (the easy one).
std::vector<std::string> parseDifficultClasses(const CardReader& reader, const json& card,
                                               const std::vector<std::string>& labels) {
  const auto post = card.find("postprocess");
  if (post == card.end() || !post->contains("difficult_classes"))
    return labels.empty() ? labels : std::vector<std::string>(labels.begin() + 1, labels.end());
  std::vector<std::string> classes;
  for (const json& label : reader.field(*post, "difficult_classes", json::value_t::array, "postprocess.")) {
    if (!label.is_string() || std::find(labels.begin(), labels.end(), label.get<std::string>()) == labels.end())
      reader.fail("postprocess.difficult_classes must name labels of the card");
    classes.push_back(label.get<std::string>());
  }
  return classes;
}

bool isLowerHex64(const std::string& text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::string toString(ModelTask task) {
  switch (task) {
    case ModelTask::AmpullaSoftMask: return "ampulla_soft_mask";
    case ModelTask::CannulationDifficulty: return "cannulation_difficulty";
    case ModelTask::CystType: return "cyst_type";
  }
  return "unknown";
}

ModelCard ModelCard::load(const std::filesystem::path& cardPath) {
  const CardReader reader(cardPath);
  const json card = parseFile(reader, cardPath);
  if (const auto schema = card.find("schema"); schema == card.end() || *schema != kSchema)
    reader.fail(std::string("is not an Endoverlay model card (field 'schema' must be '") + kSchema + "')");

  ModelCard result;
  result.cardPath = cardPath;
  result.name = reader.text(card, "name");
  result.version = reader.text(card, "version");
  result.task = parseTask(reader, reader.text(card, "task"));
  result.sha256 = reader.text(card, "sha256");
  if (!isLowerHex64(result.sha256)) reader.fail("field 'sha256' must be 64 lowercase hexadecimal digits");
  result.trainingData = reader.text(card, "training_data");
  result.input = parseInput(reader, card);
  result.outputs = parseOutputs(reader, card);
  for (const json& label : reader.field(card, "labels", json::value_t::array, "")) {
    if (!label.is_string()) reader.fail("field 'labels' must hold strings");
    result.labels.push_back(label.get<std::string>());
  }
  if (const auto post = card.find("postprocess"); post != card.end() && post->is_object()) {
    if (post->contains("box_threshold")) result.boxThreshold = reader.number(*post, "box_threshold", "postprocess.");
    if (post->contains("display_threshold"))
      result.displayThreshold = reader.number(*post, "display_threshold", "postprocess.");
    if (post->contains("gradcam_method")) result.gradCamMethod = reader.text(*post, "gradcam_method", "postprocess.");
  }
  if (const auto half = card.find("half_precision"); half != card.end()) {
    if (!half->is_boolean()) reader.fail("field 'half_precision' must be true or false");
    result.halfPrecision = half->get<bool>();
  }
  if (result.task == ModelTask::CannulationDifficulty) result.difficultClasses = parseDifficultClasses(reader, card, result.labels);
  if (!(result.boxThreshold > 0.0 && result.boxThreshold < 1.0))
    reader.fail("postprocess.box_threshold must lie between 0 and 1");

  const std::string file = reader.text(card, "file");
  const std::filesystem::path fileName(file);
  if (file.empty() || fileName.has_parent_path())
    reader.fail("field 'file' must be a file name beside the card, not a path");
  result.modelPath = cardPath.parent_path() / fileName;
  if (!std::filesystem::is_regular_file(result.modelPath))
    reader.fail("its model file " + result.modelPath.string() + " does not exist");
  return result;
}

}  // namespace endoverlay
