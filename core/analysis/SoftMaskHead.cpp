#include "core/analysis/SoftMaskHead.h"

#include "core/analysis/AmpullaMask.h"
#include "core/analysis/StageClock.h"
#include "core/model/TorchEngine.h"

namespace endoverlay {

SoftMaskHead::SoftMaskHead(const ModelCard& card, const EngineOptions& options)
    : ModelHead(card, options, HeadKind::SoftMaskLocaliser) {}

HeadOutput SoftMaskHead::localise(const Frame& frame, StageTimings& timings) {
  HeadOutput output = ranOutput(ReadoutKind::HeatmapBox);
  const ModelOutputs outputs = engine().infer(frame.bgrx, timings);
  if (!outputs.finite) {
    output.invalid = true;
    return output;
  }
  const torch::Tensor mask = outputs.tensors.front()[0][0].contiguous();
  StageClock clock;
  output.mask = cv::Mat(static_cast<int>(mask.size(0)), static_cast<int>(mask.size(1)), CV_32F, mask.data_ptr<float>()).clone();
  output.detection = detectAmpulla(output.mask, output.boxThreshold, frame.size());
  timings.postprocessMs += clock.lap();
  return output;
}

}  // namespace endoverlay
