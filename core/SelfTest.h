#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/EngineOptions.h"

namespace endoverlay {

struct SelfTestLine {
  std::string model;
  std::string version;
  std::string device;
  double milliseconds = 0;
};

// Loads every model card in `modelsDirectory` (checksum included), runs one
// mid-grey frame through each model and checks its output shapes. Throws
// ModelCardError or std::runtime_error with the first problem found.
std::vector<SelfTestLine> runSelfTest(const std::filesystem::path& modelsDirectory, const EngineOptions& options);

}  // namespace endoverlay
