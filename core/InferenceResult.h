#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/Frame.h"
#include "core/ModelTask.h"

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
  double readyMs = 0;        // frame arrival until the result was ready
};

// A classifier head's softmax, with the card's label for each value.
struct ClassProbabilities {
  std::vector<std::string> labels;
  std::vector<double> values;

  double of(const std::string& label) const;
  double sumOf(const std::vector<std::string>& labels) const;
  std::size_t top() const;  // index of the largest value
};

// Where a classifier looked: a Grad-CAM map (CV_32F, 0..1, feature-map
// size) stretched over `region`, in frame pixels, for class `label`.
struct ClassActivation {
  cv::Mat map;
  Box region;
  std::string label;
};

enum class TrafficLight { Off, Green, Amber, Red };

std::string toString(TrafficLight light);

// What the overlay shows: the heads' outputs smoothed over time, with the
// warnings behind hysteresis (TemporalFilter), so nothing flickers.
struct StableReadout {
  std::optional<AmpullaDetection> ampulla;        // boxed from the smoothed mask
  cv::Mat ampullaMask;                            // smoothed, model-sized
  TrafficLight light = TrafficLight::Off;         // Off when no difficulty reading is current
  std::optional<ClassProbabilities> difficulty;   // smoothed four-class breakdown
  std::optional<double> difficultProbability;     // smoothed
  std::optional<std::string> cystLabel;           // the badge, once it has settled
  std::optional<ClassProbabilities> cystType;     // smoothed
};

// What a result is traceable to: the model card's identity, the card's own
// bytes included, so an edited card never passes for the original.
struct ModelIdentity {
  std::string name;
  std::string version;
  std::string sha256;      // of the model file
  std::string cardSha256;  // of the card
};

// "name version · model 1a2b3c4d · card 5e6f7a8b": the identity as the HUD
// and the library show it, with the first eight digits of each SHA-256.
std::string describe(const ModelIdentity& model);

// Everything computed on one frame, tied to that frame by index and pts.
struct InferenceResult {
  std::int64_t frameIndex = -1;
  std::int64_t ptsNs = 0;
  SteadyTime frameArrival{};
  cv::Size frameSize;
  std::string protocolId;                        // the protocol (mode) whose heads ran
  std::vector<ModelTask> headTasks;              // the task of each of its heads, whether it ran on this frame or not
  StageTimings timings;  // summed over the heads that ran
  std::optional<AmpullaDetection> ampulla;
  cv::Mat ampullaMask;  // CV_32F sigmoid mask at the model's output size
  double displayThreshold = 0.5;
  std::optional<ClassProbabilities> difficulty;  // ERCP, when the ampulla was shown
  std::optional<double> difficultProbability;    // sum over the card's difficult classes
  std::optional<ClassProbabilities> cystType;    // EUS
  std::optional<Box> cystRegion;                 // the region the user set, when a head reads it
  std::optional<ClassActivation> explanation;    // Grad-CAM of the classifier's top class, when asked for
  StableReadout stable;
  std::vector<ModelIdentity> models;             // every head that ran on this frame
  // Heads whose output held a NaN or an infinity on this frame: their result
  // is invalid, so nothing of theirs is drawn, smoothed or recorded as a reading.
  std::vector<ModelTask> invalidOutputs;

  // Recorded results: the source's signal was lost this long before this
  // frame (a drop and a reconnect, or a long stall); 0 otherwise.
  std::int64_t signalGapNs = 0;

  bool isInvalid(ModelTask task) const;
  bool hasHead(ModelTask task) const;
  std::string device;
  std::string deviceNotice;  // set when a GPU failure moved a head to the CPU, for the user to see
};

}  // namespace endoverlay
