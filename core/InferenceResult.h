#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "core/Frame.h"

namespace endoverlay {

struct Box {
  double x = 0, y = 0, width = 0, height = 0;
};

// The ampulla found on one frame, in that frame's pixels.
struct AmpullaDetection {
  Box box;
  double score = 0;  // raw peak of the soft mask, 0..1
  double centroidX = 0, centroidY = 0;
};

struct StageTimings {
  double queuedMs = 0;       // frame arrival until the worker took it
  double preprocessMs = 0;
  double inferenceMs = 0;
  double postprocessMs = 0;
};

// What a result is traceable to: the model card's identity.
struct ModelIdentity {
  std::string name;
  std::string version;
  std::string sha256;
};

// Everything computed on one frame, tied to that frame by index and pts.
struct InferenceResult {
  std::int64_t frameIndex = -1;
  std::int64_t ptsNs = 0;
  SteadyTime frameArrival{};
  cv::Size frameSize;
  StageTimings timings;
  std::optional<AmpullaDetection> ampulla;
  cv::Mat ampullaMask;  // CV_32F sigmoid mask at the model's output size
  double displayThreshold = 0.5;
  ModelIdentity model;
  std::string device;
};

}  // namespace endoverlay
