#pragma once

#include <string>
#include <vector>

#include "core/analysis/Frame.h"
#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// Turns one frame into a result. The inference worker and the offline
// analysis only know this interface, so a test can slow it down or fake it.
class FrameAnalyzer {
 public:
  virtual ~FrameAnalyzer();
  // Runs on the caller's thread; throws std::exception on failure.
  virtual InferenceResult analyze(const Frame& frame) = 0;
  // The models whose results analyze() returns now (they may change with the mode).
  virtual std::vector<ModelIdentity> models() const = 0;
  virtual std::string device() const = 0;
};

}  // namespace endoverlay
