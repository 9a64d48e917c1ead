// libFuzzer target: a settings file's text (--settings).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/support/JsonFields.h"
#include "core/stability/StabilitySettings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    endoverlay::StabilitySettings::parse(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const endoverlay::FieldError&) {
  }
  return 0;
}
