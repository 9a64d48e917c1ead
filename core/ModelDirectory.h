#pragma once

#include <filesystem>
#include <vector>

#include "core/ModelCard.h"

namespace endoverlay {

// Every model card (*.json) in a models directory, sorted by file name.
// Throws ModelCardError when the directory is missing, has no cards, or a
// card in it is broken: a site should hear about a bad card at start-up.
std::vector<ModelCard> loadModelCards(const std::filesystem::path& directory);

// The first card for `task`; null when there is none.
const ModelCard* findCard(const std::vector<ModelCard>& cards, ModelTask task);

// The cannulation difficulty card, if any; throws ModelCardError when it does
// not take its input from the square around the ampulla box.
const ModelCard* findDifficultyCard(const std::vector<ModelCard>& cards);

}  // namespace endoverlay
