#include "core/SidecarFile.h"

#include <fstream>
#include <stdexcept>

namespace endoverlay {

nlohmann::json resultShownAt(const std::vector<nlohmann::json>& results, std::int64_t frame) {
  nlohmann::json shown;
  for (const auto& result : results) {
    if (result.value("frame", std::int64_t{0}) > frame) break;
    shown = result;
  }
  return shown;
}

std::filesystem::path sidecarPathFor(const std::filesystem::path& video) {
  return video.parent_path() / (video.stem().string() + ".results.jsonl");
}

SidecarFile SidecarFile::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("sidecar " + path.string() + " cannot be read (missing?)");
  SidecarFile file;
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error("sidecar " + path.string() + " is empty");
  file.header = nlohmann::json::parse(line, nullptr, false);
  if (file.header.is_discarded() || !file.header.is_object() ||
      file.header.value("schema", "") != "endoverlay.sidecar/1")
    throw std::runtime_error("sidecar " + path.string() + " does not start with an endoverlay.sidecar/1 header");
  std::size_t number = 1;
  while (std::getline(in, line)) {
    ++number;
    nlohmann::json result = nlohmann::json::parse(line, nullptr, false);
    // A line cut off by a crash, or damaged later: nothing after it is trusted.
    if (result.is_discarded() || !result.is_object() || !result.contains("frame")) {
      file.damage = "sidecar " + path.string() + " is damaged at line " + std::to_string(number) + ": loaded the " +
                    std::to_string(file.results.size()) + " results before it";
      break;
    }
    file.results.push_back(std::move(result));
  }
  return file;
}

}  // namespace endoverlay
