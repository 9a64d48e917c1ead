#pragma once

// Include only from .cpp files: LibTorch headers are heavy and clash with Qt's.
#include <memory>
#include <string>
#include <vector>

#include <torch/script.h>

#include "core/EngineOptions.h"
#include "core/ModelCard.h"

namespace endoverlay {

// One TorchScript model, loaded only after its SHA-256 matched its card.
// Inputs: an NCHW float tensor on any device. Outputs: the model's tensors,
// in the card's order, on the engine's device; their shapes are checked
// against the card on the first run. Not thread-safe: one caller at a time.
class TorchEngine {
 public:
  TorchEngine(const ModelCard& card, const EngineOptions& options);

  std::vector<torch::Tensor> run(const torch::Tensor& input);
  std::string deviceName() const;
  const ModelCard& card() const { return card_; }
  // For other exported methods (Grad-CAM's head); not thread-safe either.
  torch::jit::script::Module& module() { return module_; }

 private:
  void checkOutputShapes(const std::vector<torch::Tensor>& outputs) const;

  ModelCard card_;
  torch::Device device_{torch::kCPU};
  torch::jit::script::Module module_;
  bool shapesChecked_ = false;
};

// Applies the CPU thread budget (LibTorch's intra-op pool is process-wide).
int applyCpuThreadBudget(int requested);

}  // namespace endoverlay
