#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/analysis/Frame.h"
#include "core/protocol/HeadKinds.h"

namespace endoverlay {

struct Box {
  double x = 0, y = 0, width = 0, height = 0;
};

// What a soft-mask localiser found on one frame, in that frame's pixels.
struct Detection {
  Box box;
  double score = 0;  // raw peak of the soft mask, 0..1
  double centroidX = 0, centroidY = 0;
};

// A segmenter's region on one frame: its outlines (each a closed polygon,
// in that frame's pixels) and the share of the frame it covers.
struct Segmentation {
  std::vector<std::vector<cv::Point2d>> outlines;
  double areaFraction = 0;  // 0..1
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
// size; the input's size, 0 beyond the region it read, for a head that reads
// inside a segmenter's) stretched over `region`, in frame pixels, for class
// `label`.
struct ClassActivation {
  cv::Mat map;
  Box region;
  std::string label;
};

enum class TrafficLight { Off, Green, Amber, Red };

std::string toString(TrafficLight light);

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

// What a head shows: its outputs smoothed over time, with its warning or
// badge behind hysteresis (TemporalFilter), so nothing flickers. Which
// fields are set follows from the head's readout.
struct HeadReadout {
  std::optional<Detection> detection;               // HeatmapBox: boxed from the smoothed mask
  cv::Mat mask;                                     // HeatmapBox: smoothed, model-sized, for the heatmap
  TrafficLight light = TrafficLight::Off;           // TrafficLight: Off when no reading is current
  std::optional<ClassProbabilities> probabilities;  // classifiers: smoothed
  std::optional<double> groupProbability;           // TrafficLight: smoothed
  std::optional<std::string> label;                 // ClassBadge: the badge, once it has settled
  std::optional<Segmentation> segmentation;         // Segmentation: from the smoothed probabilities
};

// One head of the protocol on one frame: what it is, what its model gave
// and what it shows.
struct HeadOutput {
  std::string id;  // the protocol's name for the head
  HeadKind kind = HeadKind::SoftMaskLocaliser;
  ReadoutKind readout = ReadoutKind::HeatmapBox;
  ModelIdentity model;
  bool ran = false;      // false on frames where the protocol did not run it (nothing shown to look around)
  // The model's output held a NaN or an infinity on this frame: nothing of
  // it is drawn, smoothed or recorded as a reading.
  bool invalid = false;
  // SoftMaskLocaliser and Segmenter
  cv::Mat mask;                  // CV_32F, model-sized: the soft mask, or the segmented label's probability per pixel
  double displayThreshold = 0.5;
  // SoftMaskLocaliser
  std::optional<Detection> detection;
  double boxThreshold = 0.6;
  // Segmenter
  std::optional<Segmentation> segmentation;
  // Classifier
  std::optional<ClassProbabilities> probabilities;
  std::optional<double> groupProbability;      // summed over the card's grouped labels (P(difficult))
  std::optional<Box> region;                   // where it looked, in frame pixels; none for the whole frame
  std::optional<ClassActivation> explanation;  // Grad-CAM of the top class, when asked for

  HeadReadout stable;

  // Whether the head's stable readout draws a detection: a soft mask's box
  // whose smoothed score reaches the display threshold, or a segmented region.
  bool detectionShown() const;
};

// A contrast protocol's reading of one frame (CEUS): where its clock
// stands, and how bright the user's region and the reference region are
// (mean grey, 0..255, on the picture as the heads see it).
struct ContrastReading {
  std::optional<std::int64_t> injectionPtsNs;  // the source time the user marked the injection at; none before it
  // Measured on the source's clock, so the gaps a recording cuts out of a dropped signal do not shorten it.
  std::optional<double> secondsSinceInjection;
  std::string phase;                           // the protocol's phase on this frame; empty before the injection
  std::string headsWaitFor;  // the phase the heads wait for while they do not read yet (ContrastTiming::headsFrom)
  std::optional<Box> region;  // the user's region as read, when one is set
  double regionMean = 0;
  std::optional<Box> reference;  // a second region on parenchyma the curve is compared with, when one is set
  double referenceMean = 0;
};

// Everything computed on one frame, tied to that frame by index and pts.
struct InferenceResult {
  std::int64_t frameIndex = -1;
  std::int64_t ptsNs = 0;
  SteadyTime frameArrival{};
  cv::Size frameSize;
  std::string protocolId;         // the protocol (mode) whose heads ran
  StageTimings timings;           // summed over the heads that ran
  std::vector<HeadOutput> heads;  // every head of the protocol, in its order, whether it ran on this frame or not
  std::string device;
  std::string deviceNotice;  // set when a GPU failure moved a head to the CPU, for the user to see
  // Recorded results: the source's signal was lost this long before this
  // frame (a drop and a reconnect, or a long stall); 0 otherwise.
  std::int64_t signalGapNs = 0;
  std::optional<ContrastReading> contrast;  // protocols with a contrast clock, on every frame

  // Seconds from the marked injection to this frame; none before one is marked.
  std::optional<double> secondsSinceInjection() const {
    return contrast ? contrast->secondsSinceInjection : std::nullopt;
  }

  // The head with `id`; null when the protocol has none.
  const HeadOutput* head(const std::string& id) const;
  // The heads with `readout`, in the protocol's order.
  std::vector<const HeadOutput*> headsWith(ReadoutKind readout) const;
  // The models of the heads that ran on this frame.
  std::vector<ModelIdentity> models() const;
  // Whether some head's output on this frame held a NaN or an infinity.
  bool anyInvalid() const;
};

}  // namespace endoverlay
