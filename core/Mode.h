#pragma once

#include <string>

namespace endoverlay {

// What the operator is doing, which decides the heads that run:
// ERCP — ampulla, then cannulation difficulty around it; EUS — cyst type.
enum class Mode { Ercp, Eus };

// "ercp" or "eus" (any case); throws std::invalid_argument otherwise.
Mode parseMode(const std::string& text);
std::string toString(Mode mode);

}  // namespace endoverlay
