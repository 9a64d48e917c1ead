#pragma once

#include <string>

namespace endoverlay {

// What a model card's model does; the heads and the readouts follow from it.
enum class ModelTask { AmpullaSoftMask, CannulationDifficulty, CystType };

// The card's words: ampulla_soft_mask, cannulation_difficulty, cyst_type.
std::string toString(ModelTask task);
// Throws std::invalid_argument on any other word.
ModelTask parseModelTask(const std::string& text);

}  // namespace endoverlay
