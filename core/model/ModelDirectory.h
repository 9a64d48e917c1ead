#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/model/ModelCard.h"

namespace endoverlay {

// Every model card (*.json) in a models directory, sorted by file name.
// Where several cards serve one task, `chosen` (card names, e.g. from
// --model) may pick one, and the others of that task are left out; without
// a choice all stay, and a protocol head that asks for that task by task
// rather than by name is refused (ResolvedProtocol), naming both, so a site
// never runs a model by accident. Throws ModelCardError when the directory
// is missing, has no cards, a card in it is broken, two cards share a name,
// two chosen cards serve one task, or a chosen name matches no card.
std::vector<ModelCard> loadModelCards(const std::filesystem::path& directory,
                                      const std::vector<std::string>& chosen = {});

// The card for `task`; null when there is none.
const ModelCard* findCard(const std::vector<ModelCard>& cards, const std::string& task);

}  // namespace endoverlay
