#pragma once

#include "core/analysis/Frame.h"
#include "core/analysis/InferenceResult.h"
#include "core/analysis/ModelHead.h"

namespace endoverlay {

// A soft-mask localiser head (the ampulla): frame → soft mask → box, score
// and centroid. Input: a BGRx frame of any size. Output: a HeadOutput with
// the detection (when the mask has a peak), the model-sized sigmoid mask for
// the heatmap and the card's thresholds. Parameters come from the model card.
class SoftMaskHead : public ModelHead {
 public:
  SoftMaskHead(const ModelCard& card, const EngineOptions& options);

  // Adds its preprocess, inference and postprocess times to `timings`. The
  // output is marked invalid when the model's held a NaN or an infinity.
  HeadOutput localise(const Frame& frame, StageTimings& timings);
};

}  // namespace endoverlay
