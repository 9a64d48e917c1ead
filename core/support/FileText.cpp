#include "core/support/FileText.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace endoverlay {

std::optional<std::string> readFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::filesystem::path> jsonFilesIn(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) throw std::runtime_error("does not exist");
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error))
    if (entry.is_regular_file(error) && entry.path().extension() == ".json") paths.push_back(entry.path());
  if (error) throw std::runtime_error("cannot be read: " + error.message());
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace endoverlay
