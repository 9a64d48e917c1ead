// libFuzzer target: a review file's text (STEM.review.json).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/support/JsonFields.h"
#include "core/recording/ReviewFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    endoverlay::Review::parse(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const endoverlay::FieldError&) {
  }
  return 0;
}
