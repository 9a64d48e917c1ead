#include "core/model/ModelDirectory.h"

#include <algorithm>
#include <iterator>

#include "core/support/FileText.h"

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

  for (std::size_t i = 0; i < all.size(); ++i)
    for (std::size_t j = i + 1; j < all.size(); ++j)
      if (all[i].name == all[j].name)
        throw ModelCardError("model cards " + all[i].cardPath.filename().string() + " and " +
                             all[j].cardPath.filename().string() + " in " + directory.string() + " are both named " +
                             all[i].name);

  std::vector<ModelCard> cards;
  std::vector<std::string> tasks;
  for (const ModelCard& card : all)
    if (std::find(tasks.begin(), tasks.end(), card.task) == tasks.end()) tasks.push_back(card.task);
  for (const std::string& task : tasks) {
    std::vector<const ModelCard*> serving;
    for (const ModelCard& card : all)
      if (card.task == task) serving.push_back(&card);
    std::vector<const ModelCard*> picked;
    std::copy_if(serving.begin(), serving.end(), std::back_inserter(picked), [&](const ModelCard* c) { return isChosen(*c, chosen); });
    if (picked.size() > 1)
      throw ModelCardError("model cards " + picked[0]->cardPath.filename().string() + " and " +
                           picked[1]->cardPath.filename().string() + " in " + directory.string() + " both serve " +
                           task + "; choose one of them with --model NAME");
    for (const ModelCard* card : picked.empty() ? serving : picked) cards.push_back(*card);
  }
  std::sort(cards.begin(), cards.end(), [](const ModelCard& a, const ModelCard& b) { return a.cardPath < b.cardPath; });
  return cards;
}

const ModelCard* findCard(const std::vector<ModelCard>& cards, const std::string& task) {
  const auto it = std::find_if(cards.begin(), cards.end(), [task](const ModelCard& c) { return c.task == task; });
  return it == cards.end() ? nullptr : &*it;
}

}  // namespace endoverlay
