#pragma once

#include <filesystem>
#include <string>

namespace endoverlay {

// Writes `text` to `path`, replacing it; throws std::runtime_error when the
// file cannot be written in full (a missing folder, a full disk).
void writeReportFile(const std::filesystem::path& path, const std::string& text);

}  // namespace endoverlay
