#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/EngineOptions.h"
#include "core/FrameAnalyzer.h"
#include "core/ModelCard.h"
#include "core/Mode.h"
#include "core/TemporalFilter.h"

namespace endoverlay {

class AmpullaHead;
class ClassifierHead;

// All heads of the current mode on one frame. ERCP: the ampulla head, then —
// when the ampulla is shown — the difficulty head on the square around its
// box. EUS: the cyst-type head on the whole frame, or on the region the user
// set. Heads come from the model cards given; a mode without the card it
// needs (ampulla for ERCP, cyst type for EUS) is unavailable. The mode and
// the EUS region may be changed from any thread; analyze() runs on one.
class InferenceStage : public FrameAnalyzer {
 public:
  // Throws ModelCardError when the cards cannot serve `initialMode`.
  InferenceStage(const std::vector<ModelCard>& cards, const EngineOptions& options, Mode initialMode,
                 const StabilitySettings& stability = {});
  ~InferenceStage() override;

  // The raw heads, then the stable readout (result.stable) of this frame.
  // Throws std::invalid_argument when the EUS region lies wholly outside the picture.
  InferenceResult analyze(const Frame& frame) override;
  std::vector<ModelIdentity> models() const override;
  std::string device() const override;

  bool supports(Mode mode) const;
  // Throws std::invalid_argument when no card serves `mode`.
  void setMode(Mode mode);
  Mode mode() const { return mode_.load(); }
  void setCystRegion(std::optional<Box> region);
  // Grad-CAM for the classifier heads (result.explanation); off by default.
  void setExplanations(bool on) { explain_ = on; }
  // The next analyze() starts its smoothing afresh: after a jump in a
  // replayed video the frames before it say nothing about the one shown.
  void restartSmoothing() { restartSmoothing_ = true; }
  // Results so far in which some head's output held a NaN or an infinity.
  std::int64_t invalidResults() const { return invalidResults_.load(); }

 private:
  // Grad-CAM of the top class when explanations are on; its time counts as postprocessing.
  std::optional<ClassActivation> explain(ClassifierHead& head, const ClassProbabilities& p, const Box& region,
                                         StageTimings& timings);
  InferenceResult analyzeErcp(const Frame& frame);
  InferenceResult analyzeEus(const Frame& frame);

  std::unique_ptr<AmpullaHead> ampulla_;
  std::unique_ptr<ClassifierHead> difficulty_;
  std::unique_ptr<ClassifierHead> cyst_;
  std::atomic<Mode> mode_;
  std::atomic<bool> explain_{false};
  std::atomic<bool> restartSmoothing_{false};
  std::atomic<std::int64_t> invalidResults_{0};
  Mode filteredMode_;
  std::unique_ptr<TemporalFilter> filter_;
  mutable std::mutex regionMutex_;
  std::optional<Box> cystRegion_;
};

}  // namespace endoverlay
