// libFuzzer target: endoverlay-cli's arguments, one per line of the input.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/CliOptions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<std::string> args;
  for (std::string arg; std::getline(in, arg);) args.push_back(arg);
  try {
    endoverlay::CliOptions::parse(args);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
