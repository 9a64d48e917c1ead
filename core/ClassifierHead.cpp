#include "core/ClassifierHead.h"

#include "core/Preprocess.h"
#include "core/StageClock.h"
#include "core/TorchEngine.h"

namespace endoverlay {

struct ClassifierHead::Engine {
  TorchEngine torch;
};

ClassifierHead::ClassifierHead(const ModelCard& card, const EngineOptions& options) {
  if (card.task == ModelTask::AmpullaSoftMask)
    throw ModelCardError("model card " + card.cardPath.string() + " is for task ampulla_soft_mask, not a classifier");
  const auto& logits = card.outputs.front().shape;
  if (logits.size() != 2 || logits[1] != static_cast<std::int64_t>(card.labels.size()))
    throw ModelCardError("model card " + card.cardPath.string() + ": its first output must be [1, N] with one of its " +
                         std::to_string(card.labels.size()) + " labels per logit");
  engine_ = std::make_unique<Engine>(Engine{TorchEngine(card, options)});
}

ClassifierHead::~ClassifierHead() = default;

const ModelCard& ClassifierHead::card() const { return engine_->torch.card(); }

std::string ClassifierHead::device() const { return engine_->torch.deviceName(); }

ClassProbabilities ClassifierHead::classify(const cv::Mat& image, StageTimings& timings) {
  const c10::InferenceMode inference;
  StageClock clock;
  const torch::Tensor input = preprocessFrame(image, card().input);
  timings.preprocessMs += clock.lap();
  const torch::Tensor probabilities = torch::softmax(engine_->torch.run(input).front()[0], 0).to(torch::kCPU, torch::kDouble);
  timings.inferenceMs += clock.lap();
  ClassProbabilities result;
  result.labels = card().labels;
  const double* values = probabilities.data_ptr<double>();
  result.values.assign(values, values + probabilities.numel());
  return result;
}

}  // namespace endoverlay
