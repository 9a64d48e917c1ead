#pragma once

#include <filesystem>
#include <vector>

#include "core/ModelCard.h"

namespace endoverlay {

// Every model card (*.json) in a models directory, sorted by file name.
// Throws ModelCardError when the directory is missing, has no cards, or a
// card in it is broken: a site should hear about a bad card at start-up.
std::vector<ModelCard> loadModelCards(const std::filesystem::path& directory);

}  // namespace endoverlay
