#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/analysis/AnalysisSetup.h"

namespace endoverlay {

struct SelfTestLine {
  std::string model;
  std::string version;
  std::string device;
  double milliseconds = 0;
};

// Loads the model cards of `setup` (checksum included), runs one mid-grey
// frame through each model and checks its output shapes and that they are
// finite. Throws ModelCardError or std::runtime_error with the first problem found.
std::vector<SelfTestLine> runSelfTest(const AnalysisSetup& setup);

}  // namespace endoverlay
