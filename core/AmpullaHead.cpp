#include "core/AmpullaHead.h"

#include "core/AmpullaMask.h"
#include "core/StageClock.h"
#include "core/TorchEngine.h"

namespace endoverlay {

struct AmpullaHead::Engine {
  TorchEngine torch;
};

AmpullaHead::AmpullaHead(const ModelCard& card, const EngineOptions& options) {
  if (card.task != ModelTask::AmpullaSoftMask)
    throw ModelCardError("model card " + card.cardPath.string() + " is for task " + toString(card.task) +
                         ", not ampulla_soft_mask");
  engine_.reset(new Engine{TorchEngine(card, options)});  // built in place: the engine does not move
}

AmpullaHead::~AmpullaHead() = default;

std::vector<ModelIdentity> AmpullaHead::models() const { return {engine_->torch.card().identity()}; }

std::string AmpullaHead::device() const { return engine_->torch.deviceName(); }

InferenceResult AmpullaHead::analyze(const Frame& frame) {
  const ModelCard& card = engine_->torch.card();
  InferenceResult result;
  result.frameIndex = frame.index;
  result.ptsNs = frame.ptsNs;
  result.frameArrival = frame.arrival;
  result.frameSize = frame.bgrx.size();
  result.displayThreshold = card.displayThreshold;
  result.models = {card.identity()};
  const ModelOutputs outputs = engine_->torch.infer(frame.bgrx, result.timings);
  result.device = device();
  result.deviceNotice = engine_->torch.fallbackNotice();
  if (!outputs.finite) {
    result.invalidOutputs.push_back(ModelTask::AmpullaSoftMask);
    return result;
  }
  const torch::Tensor mask = outputs.tensors.front()[0][0].contiguous();
  StageClock clock;
  result.ampullaMask = cv::Mat(static_cast<int>(mask.size(0)), static_cast<int>(mask.size(1)), CV_32F,
                               mask.data_ptr<float>()).clone();
  result.ampulla = detectAmpulla(maskAtFrameSize(result.ampullaMask, result.frameSize), card.boxThreshold);
  result.timings.postprocessMs = clock.lap();
  return result;
}

}  // namespace endoverlay
