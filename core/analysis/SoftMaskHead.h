#pragma once

#include <memory>
#include <string>

#include "core/model/EngineOptions.h"
#include "core/analysis/Frame.h"
#include "core/analysis/InferenceResult.h"
#include "core/model/ModelCard.h"

namespace endoverlay {

// A soft-mask localiser head (the ampulla): frame → soft mask → box, score
// and centroid. Input: a BGRx frame of any size. Output: a HeadOutput with
// the detection (when the mask has a peak), the model-sized sigmoid mask for
// the heatmap and the card's thresholds. Parameters come from the model card.
class SoftMaskHead {
 public:
  SoftMaskHead(const ModelCard& card, const EngineOptions& options);
  ~SoftMaskHead();

  // Adds its preprocess, inference and postprocess times to `timings`. The
  // output is marked invalid when the model's held a NaN or an infinity.
  HeadOutput localise(const Frame& frame, StageTimings& timings);
  const ModelCard& card() const;
  std::string device() const;
  // Empty unless the GPU failed and the head moved to the CPU.
  const std::string& deviceNotice() const;

 private:
  struct Engine;
  std::unique_ptr<Engine> engine_;
};

}  // namespace endoverlay
