#include "core/analysis/ClassifierHead.h"

#include "core/analysis/GradCam.h"
#include "core/model/TorchEngine.h"

namespace endoverlay {

// Kept for Grad-CAM of the image classified last.
struct ClassifierHead::LastFeatureMap {
  torch::Tensor tensor;
};

ClassifierHead::ClassifierHead(const ModelCard& card, const EngineOptions& options)
    : ModelHead(card, options, HeadKind::Classifier), lastFeatureMap_(std::make_unique<LastFeatureMap>()) {}

ClassifierHead::~ClassifierHead() = default;

bool ClassifierHead::explains() const { return !card().gradCamMethod.empty(); }

cv::Mat ClassifierHead::gradCam(std::size_t classIndex) {
  const torch::Tensor& featureMap = lastFeatureMap_->tensor;
  if (!explains() || !featureMap.defined()) return {};
  return gradCamMap(engine().module(), card().gradCamMethod, engine().toModel(featureMap), static_cast<std::int64_t>(classIndex));
}

std::optional<ClassProbabilities> ClassifierHead::classify(const cv::Mat& image, StageTimings& timings) {
  const ModelOutputs outputs = engine().infer(image, timings);
  lastFeatureMap_->tensor = torch::Tensor();
  if (!outputs.finite) return std::nullopt;
  const torch::Tensor probabilities = outputs.tensors.front()[0].to(torch::kDouble).contiguous();
  if (explains()) lastFeatureMap_->tensor = outputs.tensors[1];
  ClassProbabilities result;
  result.labels = card().labels;
  const double* values = probabilities.data_ptr<double>();
  result.values.assign(values, values + probabilities.numel());
  return result;
}

}  // namespace endoverlay
