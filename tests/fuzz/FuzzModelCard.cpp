// libFuzzer target: a model card's text, as ModelCard::load reads it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/model/ModelCard.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    endoverlay::ModelCard::parse(std::string(reinterpret_cast<const char*>(data), size), "/models/fuzz.json");
  } catch (const endoverlay::ModelCardError&) {
  }
  return 0;
}
