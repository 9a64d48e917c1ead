// libFuzzer target: an image or study set's dataset.json, as eval reads it.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "app/EvalManifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nlohmann::json manifest = nlohmann::json::parse(data, data + size, nullptr, false);
  if (manifest.is_discarded()) return 0;
  try {
    endoverlay::parseEvalManifest(manifest, "set");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
