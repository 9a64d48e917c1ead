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

const ModelCard* findCard(const std::vector<ModelCard>& cards, ModelTask task) {
  const auto it = std::find_if(cards.begin(), cards.end(), [task](const ModelCard& c) { return c.task == task; });
  return it == cards.end() ? nullptr : &*it;
}

const ModelCard* findDifficultyCard(const std::vector<ModelCard>& cards) {
  const ModelCard* card = findCard(cards, ModelTask::CannulationDifficulty);
  if (card && (!card->input.regionOfInterest || card->input.regionOfInterest->around != "ampulla_box"))
    throw ModelCardError("model card " + card->cardPath.string() +
                         ": a cannulation difficulty model must take input.region_of_interest around the ampulla_box");
  return card;
}

}  // namespace endoverlay
