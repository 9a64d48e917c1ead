#pragma once

// Include only from .cpp files: LibTorch headers are heavy and clash with Qt's.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <torch/script.h>

#include "core/model/DeviceFallback.h"
#include "core/model/DevicePreprocess.h"
#include "core/model/EngineOptions.h"
#include "core/analysis/InferenceResult.h"
#include "core/model/ModelCard.h"

namespace endoverlay {

// What one inference returned, every output on the CPU in float32, the first
// with the task's activation applied. `finite` is false when any value the
// model returned was NaN or infinite; it is judged before the activation,
// which would turn an infinity into a confident 0 or 1.
struct ModelOutputs {
  std::vector<torch::Tensor> tensors;
  bool finite = true;
};

// One TorchScript model, loaded only after its SHA-256 matched its card.
// infer() takes a BGRx image through the card's preprocessing and the model,
// applies the task's activation (sigmoid for a soft mask, softmax for
// class logits) to the first output, and returns every output as float32 on
// the CPU; their shapes are checked against the card on the first run.
// On the CPU it preprocesses with OpenCV; on CUDA the preprocessing runs on
// the GPU (DevicePreprocessor), in half precision when the card allows it,
// and a GPU failure moves the engine to the CPU for good (fallbackNotice()).
// Not thread-safe: one caller at a time.
class TorchEngine {
 public:
  TorchEngine(const ModelCard& card, const EngineOptions& options);

  // Adds the preprocess and inference times to `timings`.
  ModelOutputs infer(const cv::Mat& bgrx, StageTimings& timings);
  // `tensor` on the model's device and in its precision (for Grad-CAM's head method).
  torch::Tensor toModel(const torch::Tensor& tensor) const;
  // Any thread: the window asks while a GPU failure may be moving the engine to the CPU.
  std::string deviceName() const;
  // Empty unless the GPU failed and the engine moved to the CPU.
  const std::string& fallbackNotice() const { return fallback_.notice(); }
  const ModelCard& card() const { return card_; }
  // For other exported methods (Grad-CAM's head); not thread-safe either.
  torch::jit::script::Module& module() { return module_; }

 private:
  void load(torch::Device device, int cpuThreads);
  ModelOutputs inferOnce(const cv::Mat& bgrx, StageTimings& timings);
  void warmUp();
  void checkOutputShapes(const std::vector<torch::Tensor>& outputs) const;

  ModelCard card_;
  torch::Device device_{torch::kCPU};
  torch::ScalarType dtype_ = torch::kFloat32;
  torch::jit::script::Module module_;
  std::unique_ptr<DevicePreprocessor> devicePreprocess_;
  DeviceFallback fallback_{false};
  int cpuThreads_ = 0;
  bool shapesChecked_ = false;
  mutable std::mutex deviceNameMutex_;
  std::string deviceName_;
};

// Applies the CPU thread budget (LibTorch's intra-op pool is process-wide).
int applyCpuThreadBudget(int requested);

}  // namespace endoverlay
