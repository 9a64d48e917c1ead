#include "core/Mode.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace endoverlay {

Mode parseMode(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "ercp") return Mode::Ercp;
  if (lower == "eus") return Mode::Eus;
  throw std::invalid_argument("--mode wants ercp or eus, not '" + text + "'");
}

std::string toString(Mode mode) { return mode == Mode::Ercp ? "ERCP" : "EUS"; }

}  // namespace endoverlay
