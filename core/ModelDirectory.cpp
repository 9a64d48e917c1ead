#include "core/ModelDirectory.h"

#include <algorithm>
#include <iterator>

#include "core/FileText.h"

namespace endoverlay {
namespace {

bool isChosen(const ModelCard& card, const std::vector<std::string>& chosen) {
  return std::find(chosen.begin(), chosen.end(), card.name) != chosen.end();
}

}  // namespace

std::vector<ModelCard> loadModelCards(const std::filesystem::path& directory, const std::vector<std::string>& chosen) {
  std::vector<std::filesystem::path> paths;
  try {
    paths = jsonFilesIn(directory);
  } catch (const std::runtime_error& e) {
    throw ModelCardError("models directory " + directory.string() + " " + e.what());
  }
  if (paths.empty()) throw ModelCardError("models directory " + directory.string() + " holds no model cards (*.json)");
  std::vector<ModelCard> all;
  for (const auto& path : paths) all.push_back(ModelCard::load(path));
  for (const std::string& name : chosen)
    if (std::none_of(all.begin(), all.end(), [&](const ModelCard& c) { return c.name == name; }))
      throw ModelCardError("no model card named '" + name + "' in " + directory.string());

  std::vector<ModelCard> cards;
  for (const ModelTask task : {ModelTask::AmpullaSoftMask, ModelTask::CannulationDifficulty, ModelTask::CystType}) {
    std::vector<const ModelCard*> serving;
    for (const ModelCard& card : all)
      if (card.task == task) serving.push_back(&card);
    if (serving.size() > 1) {
      std::vector<const ModelCard*> picked;
      std::copy_if(serving.begin(), serving.end(), std::back_inserter(picked), [&](const ModelCard* c) { return isChosen(*c, chosen); });
      if (picked.size() != 1) {
        const auto& pair = picked.size() > 1 ? picked : serving;
        throw ModelCardError("model cards " + pair[0]->cardPath.filename().string() + " and " +
                             pair[1]->cardPath.filename().string() + " in " + directory.string() + " both serve " +
                             toString(task) + "; choose one with --model NAME (" + pair[0]->name + " or " +
                             pair[1]->name + ")");
      }
      serving = picked;
    }
    if (!serving.empty()) cards.push_back(*serving.front());
  }
  std::sort(cards.begin(), cards.end(), [](const ModelCard& a, const ModelCard& b) { return a.cardPath < b.cardPath; });
  return cards;
}

const ModelCard* findCard(const std::vector<ModelCard>& cards, ModelTask task) {
  const auto it = std::find_if(cards.begin(), cards.end(), [task](const ModelCard& c) { return c.task == task; });
  return it == cards.end() ? nullptr : &*it;
}

}  // namespace endoverlay
