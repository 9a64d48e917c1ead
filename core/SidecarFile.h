#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace endoverlay {

// A recording's sidecar as read back. A file cut short by a crash or damaged
// later loads up to the first line that does not parse; `damage` then says
// where, for the user to see. Only a missing file or an unreadable header
// line is an error (std::runtime_error).
struct SidecarFile {
  nlohmann::json header;
  std::vector<nlohmann::json> results;
  std::string damage;  // empty when every line loaded

  static SidecarFile load(const std::filesystem::path& path);
};

// The result on screen while `frame` was shown: the newest one computed on
// that frame or before it (results are in frame order); null before the first.
nlohmann::json resultShownAt(const std::vector<nlohmann::json>& results, std::int64_t frame);

// STEM.results.jsonl beside a recording's STEM.mkv.
std::filesystem::path sidecarPathFor(const std::filesystem::path& video);

}  // namespace endoverlay
