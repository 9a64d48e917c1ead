#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace endoverlay {

// The whole of a file the app reads (a card, a protocol, settings, a
// review); none when it cannot be opened (missing or not permitted).
std::optional<std::string> readFileBytes(const std::filesystem::path& path);

// The *.json files directly in `folder`, sorted by name. Throws
// std::runtime_error "does not exist" or "cannot be read: REASON", for the
// caller to put after the folder's name.
std::vector<std::filesystem::path> jsonFilesIn(const std::filesystem::path& folder);

}  // namespace endoverlay
