#pragma once

#include "core/analysis/Frame.h"
#include "core/analysis/InferenceResult.h"
#include "core/analysis/ModelHead.h"

namespace endoverlay {

// A segmenter head (the liver on MRI): frame → per-pixel class scores → the
// card's segmented label's probability per pixel → the region where it
// reaches the card's display threshold, with its outlines and area
// (SegmentationMask). Input: a BGRx frame of any size.
class SegmenterHead : public ModelHead {
 public:
  SegmenterHead(const ModelCard& card, const EngineOptions& options);

  // Adds its preprocess, inference and postprocess times to `timings`. The
  // output is marked invalid when the model's held a NaN or an infinity.
  HeadOutput segment(const Frame& frame, StageTimings& timings);
};

}  // namespace endoverlay
