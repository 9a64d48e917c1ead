#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/ModelCard.h"

namespace endoverlay {

// Every model card (*.json) in a models directory, sorted by file name, at
// most one per task. Where several cards serve one task, `chosen` (card
// names, e.g. from --model) says which to use; without a choice they are
// refused, naming both files, so a site never runs a model by accident.
// Throws ModelCardError when the directory is missing, has no cards, a card
// in it is broken, or a chosen name matches no card.
std::vector<ModelCard> loadModelCards(const std::filesystem::path& directory,
                                      const std::vector<std::string>& chosen = {});

// The card for `task`; null when there is none.
const ModelCard* findCard(const std::vector<ModelCard>& cards, ModelTask task);

}  // namespace endoverlay
