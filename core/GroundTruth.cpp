#include "core/GroundTruth.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace endoverlay {
namespace {

std::optional<Box> optionalBox(const nlohmann::json& json, const char* field) {
  const auto found = json.find(field);
  if (found == json.end() || found->is_null()) return std::nullopt;
  if (!found->is_array() || found->size() != 4 || !std::all_of(found->begin(), found->end(), [](const auto& v) {
        return v.is_number();
      }))
    throw std::invalid_argument(std::string("\"") + field + "\" must be [x, y, w, h] or null");
  const Box box{(*found)[0].get<double>(), (*found)[1].get<double>(), (*found)[2].get<double>(),
                (*found)[3].get<double>()};
  if (box.width <= 0 || box.height <= 0)
    throw std::invalid_argument(std::string("\"") + field + "\" has no area");
  return box;
}

}  // namespace

FrameTruth truthFromJson(const nlohmann::json& json) {
  if (!json.is_object()) throw std::invalid_argument("a ground-truth entry must be a JSON object");
  FrameTruth truth;
  if (const auto frame = json.find("frame"); frame != json.end()) {
    if (!frame->is_number_integer()) throw std::invalid_argument("\"frame\" must be a whole number");
    truth.frame = frame->get<std::int64_t>();
  }
  truth.box = optionalBox(json, "box");
  truth.region = optionalBox(json, "region");
  if (const auto label = json.find("label"); label != json.end() && !label->is_null()) {
    if (!label->is_string()) throw std::invalid_argument("\"label\" must be a class name or null");
    truth.label = label->get<std::string>();
  }
  return truth;
}

std::vector<FrameTruth> loadTruthLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the ground truth " + path.string());
  std::vector<FrameTruth> lines;
  int lineNumber = 0;
  for (std::string text; std::getline(in, text);) {
    ++lineNumber;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      FrameTruth truth = truthFromJson(nlohmann::json::parse(text));
      if (truth.frame < 0) truth.frame = static_cast<std::int64_t>(lines.size());
      if (truth.frame != static_cast<std::int64_t>(lines.size()))
        throw std::invalid_argument("frame " + std::to_string(truth.frame) + " where frame " +
                                    std::to_string(lines.size()) + " was expected");
      lines.push_back(std::move(truth));
    } catch (const std::exception& e) {
      throw std::runtime_error("ground truth " + path.string() + " line " + std::to_string(lineNumber) + ": " +
                               e.what());
    }
  }
  return lines;
}

}  // namespace endoverlay
