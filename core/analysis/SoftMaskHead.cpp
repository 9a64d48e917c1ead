#include "core/analysis/SoftMaskHead.h"

#include "core/analysis/AmpullaMask.h"
#include "core/analysis/StageClock.h"
#include "core/model/TorchEngine.h"

namespace endoverlay {

struct SoftMaskHead::Engine {
  TorchEngine torch;
};

SoftMaskHead::SoftMaskHead(const ModelCard& card, const EngineOptions& options) {
  if (card.kind != HeadKind::SoftMaskLocaliser)
    throw ModelCardError("model card " + card.cardPath.string() + " is a " + toString(card.kind) +
                         ", not a soft_mask_localiser");
  engine_.reset(new Engine{TorchEngine(card, options)});  // built in place: the engine does not move
}

SoftMaskHead::~SoftMaskHead() = default;

const ModelCard& SoftMaskHead::card() const { return engine_->torch.card(); }

std::string SoftMaskHead::device() const { return engine_->torch.deviceName(); }

const std::string& SoftMaskHead::deviceNotice() const { return engine_->torch.fallbackNotice(); }

HeadOutput SoftMaskHead::localise(const Frame& frame, StageTimings& timings) {
  const ModelCard& card = engine_->torch.card();
  HeadOutput output;
  output.kind = HeadKind::SoftMaskLocaliser;
  output.readout = ReadoutKind::HeatmapBox;
  output.model = card.identity();
  output.ran = true;
  output.displayThreshold = card.displayThreshold;
  output.boxThreshold = card.boxThreshold;
  const ModelOutputs outputs = engine_->torch.infer(frame.bgrx, timings);
  if (!outputs.finite) {
    output.invalid = true;
    return output;
  }
  const torch::Tensor mask = outputs.tensors.front()[0][0].contiguous();
  StageClock clock;
  output.mask = cv::Mat(static_cast<int>(mask.size(0)), static_cast<int>(mask.size(1)), CV_32F, mask.data_ptr<float>()).clone();
  output.detection = detectAmpulla(maskAtFrameSize(output.mask, frame.bgrx.size()), card.boxThreshold);
  timings.postprocessMs += clock.lap();
  return output;
}

}  // namespace endoverlay
