#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "core/analysis/Frame.h"
#include "core/model/EngineOptions.h"
#include "core/evaluation/GroundTruth.h"
#include "core/evaluation/LocalisationMetrics.h"
#include "core/model/ModelCard.h"
#include "core/protocol/ResolvedProtocol.h"

namespace endoverlay {

class SoftMaskHead;
class ClassifierHead;
class InferenceStage;

// The papers' measures of a protocol's models on labelled frames, each
// frame on its own: raw model outputs, no smoothing over time, so a
// still-image set and a clip are scored alike.
// With a heatmap-box head (ERCP): that head on every frame (localisation on
// frames with a box; false positives and misses against the card's display
// threshold), the first traffic-light head on the protocol's square around
// the ground-truth box of every frame with a label, so its score does not
// depend on the localiser's box.
// Otherwise (EUS): the first class-badge head on the frame, or on its region when one is given.
// A study protocol (CT, MRI) runs as the app runs it (InferenceStage: each
// head on its series, a segmenter's region feeding the heads inside it), the
// truth's region set as the user's, and every class-badge head is scored,
// with its accuracy at its card's decision cut-off when it has one, and
// every pair of them compared on the same studies.
class ModelEvaluation {
 public:
  // Throws std::invalid_argument when the protocol has no head it can score
  // (a segmenter's Dice is not measured here yet).
  ModelEvaluation(const ResolvedProtocol& protocol, const EngineOptions& options);
  ~ModelEvaluation();

  // One BGRx frame (its picture possibly scaled for the heads; the truth in
  // the source's pixels) and what is on it. Throws std::invalid_argument
  // when the label is not one of the model's.
  void add(const Frame& frame, const FrameTruth& truth);

  // mode (the protocol id), frames, invalid_outputs (outputs with a NaN or an infinity), models,
  // heads_not_run (study protocols: heads with nothing to read on a study),
  // device, and per head: "ampulla" (localisation),
  // "difficulty" {four_class, binary}, and under the class badge head's id
  // (EUS: "cyst_type", CEUS: "lesion_type", named by "class_badge_head")
  // classifier measures with 95 % bootstrap intervals over `resamples`. A
  // head without labelled frames is left out.
  nlohmann::json report(std::size_t resamples, std::uint64_t seed) const;

 private:
  struct Labels {
    std::vector<int> classes;
    std::vector<std::vector<double>> probabilities;
  };
  void addErcp(const Frame& frame, const FrameTruth& truth);
  void addBadge(const Frame& frame, const FrameTruth& truth);
  void addStudy(const Frame& frame, const FrameTruth& truth);
  nlohmann::json studyReport(std::size_t resamples, std::uint64_t seed) const;
  // Two study heads of the same two labels on the studies both read: DeLong's test of their AUCs and
  // McNemar's of their accuracies (at each card's decision), as the papers compare phases and inputs.
  nlohmann::json pairedReport(std::size_t a, std::size_t b) const;
  static int classIndex(const ModelCard& card, const std::string& label);
  // Throws std::invalid_argument when a head's id is one of the report's own fields.
  void checkHeadName(const std::string& id) const;
  nlohmann::json ampullaReport() const;
  nlohmann::json difficultyReport(std::size_t resamples, std::uint64_t seed) const;

  std::string protocolId_;
  std::unique_ptr<SoftMaskHead> ampulla_;
  double difficultyScale_ = 1.0;
  std::unique_ptr<ClassifierHead> difficulty_;
  std::unique_ptr<ClassifierHead> badge_;
  std::string badgeHeadId_;
  RegionPlacement regionPlacement_ = RegionPlacement::AsDrawn;
  std::vector<ModelIdentity> models_;
  double displayThreshold_ = 0.5;
  std::int64_t frames_ = 0;
  std::int64_t invalidOutputs_ = 0;  // outputs with a NaN or an infinity: a frame without a box, a classifier sample left out
  std::vector<LocalisationScores> localisation_;
  std::size_t missed_ = 0;
  std::vector<double> peaksWithTarget_;
  std::vector<double> peaksWithoutTarget_;
  Labels difficultyLabels_;
  Labels badgeLabels_;
  std::unique_ptr<InferenceStage> study_;
  std::vector<ResolvedHead> studyHeads_;  // the study protocol's class-badge heads
  std::vector<Labels> studyLabels_;       // one per study head
  std::vector<std::vector<std::size_t>> studySamples_;  // one per study head: which labelled study each row is
  std::size_t labelledStudies_ = 0;
  std::int64_t headsNotRun_ = 0;  // study heads that had nothing to read (no liver found, no slice of their series)
};

}  // namespace endoverlay
