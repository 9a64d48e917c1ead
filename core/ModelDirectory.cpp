#include "core/ModelDirectory.h"

#include <algorithm>

namespace endoverlay {

std::vector<ModelCard> loadModelCards(const std::filesystem::path& directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error))
    throw ModelCardError("models directory " + directory.string() + " does not exist");
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory))
    if (entry.is_regular_file() && entry.path().extension() == ".json") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) throw ModelCardError("models directory " + directory.string() + " holds no model cards (*.json)");
  std::vector<ModelCard> cards;
  for (const auto& path : paths) cards.push_back(ModelCard::load(path));
  return cards;
}

}  // namespace endoverlay
