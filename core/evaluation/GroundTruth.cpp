#include "core/evaluation/GroundTruth.h"

#include <fstream>
#include <stdexcept>

#include "core/support/JsonFields.h"

namespace endoverlay {
namespace {

constexpr double kMaxPixels = 1e6;

std::optional<Box> optionalBox(const JsonFields& fields, const char* key) {
  if (fields.isNull(key)) return std::nullopt;
  const std::vector<double> v = fields.numbers(key, 4, 4, -kMaxPixels, kMaxPixels);
  if (v[2] <= 0 || v[3] <= 0) fields.fail(key, "has no area");
  return Box{v[0], v[1], v[2], v[3]};
}

}  // namespace

FrameTruth truthFromJson(const nlohmann::json& json) {
  const JsonFields fields(json, "");
  FrameTruth truth;
  truth.frame = fields.optionalInteger("frame", 0, 1'000'000'000).value_or(-1);
  truth.box = optionalBox(fields, "box");
  truth.region = optionalBox(fields, "region");
  truth.label = fields.optionalText("label", 200);
  return truth;
}

std::vector<FrameTruth> loadTruthLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the ground truth " + path.string());
  return readTruthLines(in, path.string());
}

std::vector<FrameTruth> readTruthLines(std::istream& in, const std::string& name) {
  std::vector<FrameTruth> lines;
  int lineNumber = 0;
  for (std::string text; std::getline(in, text);) {
    ++lineNumber;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
      if (json.is_discarded()) throw FieldError("not valid JSON");
      FrameTruth truth = truthFromJson(json);
      if (truth.frame < 0) truth.frame = static_cast<std::int64_t>(lines.size());
      if (truth.frame != static_cast<std::int64_t>(lines.size()))
        throw FieldError("frame: " + std::to_string(truth.frame) + " where frame " + std::to_string(lines.size()) +
                         " was expected");
      lines.push_back(std::move(truth));
    } catch (const FieldError& e) {
      throw std::runtime_error("ground truth " + name + " line " + std::to_string(lineNumber) + ": " +
                               e.what());
    }
  }
  return lines;
}

}  // namespace endoverlay
