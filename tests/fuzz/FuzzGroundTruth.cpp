// libFuzzer target: a clip's ground truth (*.truth.jsonl), line by line as eval reads it.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/evaluation/GroundTruth.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    endoverlay::readTruthLines(in, "fuzz.truth.jsonl");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
