#include "core/analysis/ModelHead.h"

#include "core/model/TorchEngine.h"

namespace endoverlay {

ModelHead::ModelHead(const ModelCard& card, const EngineOptions& options, HeadKind kind) {
  if (card.kind != kind)
    throw ModelCardError("model card " + card.cardPath.string() + " is a " + toString(card.kind) + ", not a " +
                         toString(kind));
  engine_ = std::make_unique<TorchEngine>(card, options);
}

ModelHead::~ModelHead() = default;

const ModelCard& ModelHead::card() const { return engine_->card(); }

HeadOutput ModelHead::ranOutput(ReadoutKind readout) const {
  const ModelCard& card = this->card();
  HeadOutput output;
  output.kind = card.kind;
  output.readout = readout;
  output.model = card.identity();
  output.ran = true;
  output.displayThreshold = card.displayThreshold;
  output.boxThreshold = card.boxThreshold;
  return output;
}

std::string ModelHead::device() const { return engine_->deviceName(); }

const std::string& ModelHead::deviceNotice() const { return engine_->fallbackNotice(); }

}  // namespace endoverlay
