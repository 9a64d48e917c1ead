#pragma once

#include <memory>

#include "core/EngineOptions.h"
#include "core/FrameAnalyzer.h"
#include "core/ModelCard.h"

namespace endoverlay {

// The ampulla head: frame → soft mask → box, score and centroid.
// Input: a BGRx frame of any size. Output: an InferenceResult with the
// detection (when the mask has a peak), the model-sized sigmoid mask for the
// heatmap, the card's display threshold and the preprocess, inference and
// postprocess times. Parameters come from the model card.
class AmpullaHead : public FrameAnalyzer {
 public:
  AmpullaHead(const ModelCard& card, const EngineOptions& options);
  ~AmpullaHead() override;

  InferenceResult analyze(const Frame& frame) override;
  std::vector<ModelIdentity> models() const override;
  std::string device() const override;

 private:
  struct Engine;
  std::unique_ptr<Engine> engine_;
};

}  // namespace endoverlay
