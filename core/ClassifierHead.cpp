#include "core/ClassifierHead.h"

#include "core/GradCam.h"
#include "core/TorchEngine.h"

namespace endoverlay {

struct ClassifierHead::Engine {
  TorchEngine torch;
  torch::Tensor lastFeatureMap;
};

ClassifierHead::ClassifierHead(const ModelCard& card, const EngineOptions& options) {
  if (card.task == ModelTask::AmpullaSoftMask)
    throw ModelCardError("model card " + card.cardPath.string() + " is for task ampulla_soft_mask, not a classifier");
  const auto& logits = card.outputs.front().shape;
  if (logits.size() != 2 || logits[1] != static_cast<std::int64_t>(card.labels.size()))
    throw ModelCardError("model card " + card.cardPath.string() + ": its first output must be [1, N] with one of its " +
                         std::to_string(card.labels.size()) + " labels per logit");
  if (!card.gradCamMethod.empty() && (card.outputs.size() < 2 || card.outputs[1].shape.size() != 4))
    throw ModelCardError("model card " + card.cardPath.string() + " names a Grad-CAM method but no [1, C, H, W] feature map output");
  engine_ = std::make_unique<Engine>(Engine{TorchEngine(card, options), {}});
}

ClassifierHead::~ClassifierHead() = default;

bool ClassifierHead::explains() const { return !card().gradCamMethod.empty(); }

cv::Mat ClassifierHead::gradCam(std::size_t classIndex) {
  if (!explains() || !engine_->lastFeatureMap.defined()) return {};
  return gradCamMap(engine_->torch.module(), card().gradCamMethod, engine_->torch.toModel(engine_->lastFeatureMap),
                    static_cast<std::int64_t>(classIndex));
}

const ModelCard& ClassifierHead::card() const { return engine_->torch.card(); }

std::string ClassifierHead::device() const { return engine_->torch.deviceName(); }

const std::string& ClassifierHead::deviceNotice() const { return engine_->torch.fallbackNotice(); }

ClassProbabilities ClassifierHead::classify(const cv::Mat& image, StageTimings& timings) {
  const std::vector<torch::Tensor> outputs = engine_->torch.infer(image, timings);
  const torch::Tensor probabilities = outputs.front()[0].to(torch::kDouble).contiguous();
  if (explains()) engine_->lastFeatureMap = outputs[1];
  ClassProbabilities result;
  result.labels = card().labels;
  const double* values = probabilities.data_ptr<double>();
  result.values.assign(values, values + probabilities.numel());
  return result;
}

}  // namespace endoverlay
