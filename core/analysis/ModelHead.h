#pragma once

#include <memory>
#include <string>

#include "core/analysis/InferenceResult.h"
#include "core/model/EngineOptions.h"
#include "core/model/ModelCard.h"

namespace endoverlay {

class TorchEngine;

// What every kind of head has: its card's TorchScript model, loaded once
// and frozen (TorchEngine), and where it runs. SoftMaskHead, ClassifierHead
// and SegmenterHead derive from it.
class ModelHead {
 public:
  virtual ~ModelHead();
  ModelHead(const ModelHead&) = delete;
  ModelHead& operator=(const ModelHead&) = delete;

  const ModelCard& card() const;
  // Any thread: a GPU failure may be moving the head to the CPU meanwhile.
  std::string device() const;
  // Empty unless the GPU failed and the head moved to the CPU.
  const std::string& deviceNotice() const;
  // An output of this head that has run, described by its card (kind,
  // `readout`, model, thresholds); the numbers are added to it.
  HeadOutput ranOutput(ReadoutKind readout) const;

 protected:
  // Throws ModelCardError when `card` is of another kind than `kind`.
  ModelHead(const ModelCard& card, const EngineOptions& options, HeadKind kind);
  TorchEngine& engine() { return *engine_; }

 private:
  std::unique_ptr<TorchEngine> engine_;
};

}  // namespace endoverlay
