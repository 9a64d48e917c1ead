#include "core/analysis/ClassifierHead.h"

#include "core/analysis/GradCam.h"
#include "core/model/TorchEngine.h"

namespace endoverlay {

struct ClassifierHead::Engine {
  TorchEngine torch;
  torch::Tensor lastFeatureMap;
};

ClassifierHead::ClassifierHead(const ModelCard& card, const EngineOptions& options) {
  if (card.kind != HeadKind::Classifier)
    throw ModelCardError("model card " + card.cardPath.string() + " is a " + toString(card.kind) + ", not a classifier");
  engine_.reset(new Engine{TorchEngine(card, options), {}});  // built in place: the engine does not move
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

std::optional<ClassProbabilities> ClassifierHead::classify(const cv::Mat& image, StageTimings& timings) {
  const ModelOutputs outputs = engine_->torch.infer(image, timings);
  engine_->lastFeatureMap = torch::Tensor();
  if (!outputs.finite) return std::nullopt;
  const torch::Tensor probabilities = outputs.tensors.front()[0].to(torch::kDouble).contiguous();
  if (explains()) engine_->lastFeatureMap = outputs.tensors[1];
  ClassProbabilities result;
  result.labels = card().labels;
  const double* values = probabilities.data_ptr<double>();
  result.values.assign(values, values + probabilities.numel());
  return result;
}

}  // namespace endoverlay
