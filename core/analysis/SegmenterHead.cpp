#include "core/analysis/SegmenterHead.h"

#include "core/analysis/SegmentationMask.h"
#include "core/analysis/StageClock.h"
#include "core/model/TorchEngine.h"

namespace endoverlay {

SegmenterHead::SegmenterHead(const ModelCard& card, const EngineOptions& options)
    : ModelHead(card, options, HeadKind::Segmenter) {}

HeadOutput SegmenterHead::segment(const Frame& frame, StageTimings& timings) {
  HeadOutput output = ranOutput(ReadoutKind::Segmentation);
  const ModelOutputs outputs = engine().infer(frame.bgrx, timings);
  if (!outputs.finite) {
    output.invalid = true;
    return output;
  }
  const auto label = static_cast<std::int64_t>(card().segmentedLabel);
  const torch::Tensor probabilities = outputs.tensors.front()[0][label].contiguous();
  StageClock clock;
  output.mask = cv::Mat(static_cast<int>(probabilities.size(0)), static_cast<int>(probabilities.size(1)), CV_32F,
                        probabilities.data_ptr<float>())
                    .clone();
  output.segmentation = segmentationOf(output.mask, frame.size(), output.displayThreshold);
  timings.postprocessMs += clock.lap();
  return output;
}

}  // namespace endoverlay
