#pragma once

// Include only from .cpp files (LibTorch).
#include <opencv2/core.hpp>
#include <torch/types.h>

#include "core/model/ModelCard.h"

namespace endoverlay {

// The card's preprocessing on the engine's device, for CUDA: the BGRx image
// goes up once — through a pinned staging buffer, so the copy can run
// asynchronously — and the area resize (two matrix products, see
// ResizeWeights.h), colour order, scaling and normalisation run there; only
// the model's small outputs come back. It gives what preprocessFrame gives on
// the CPU, but for a rounding tie now and then. It runs on the CPU as well,
// which is how it is tested on machines without a GPU.
class DevicePreprocessor {
 public:
  DevicePreprocessor(const InputSpec& spec, torch::Device device, torch::ScalarType dtype);

  // 1xCxHxW in `dtype` on the device. The staging buffer is reused: call it
  // again only once the previous input has been consumed (the engine reads
  // each frame's outputs back before the next frame).
  torch::Tensor operator()(const cv::Mat& bgrx);
  bool stagesThroughPinnedMemory() const { return device_.is_cuda(); }

 private:
  torch::Tensor upload(const cv::Mat& bgrx);
  void prepareWeights(cv::Size in);

  InputSpec spec_;
  torch::Device device_;
  torch::ScalarType dtype_;
  torch::Tensor staging_;
  cv::Size weightsFor_;
  torch::Tensor rowWeights_;     // out height × in height
  torch::Tensor columnWeights_;  // in width × out width
  torch::Tensor mean_;
  torch::Tensor std_;
};

}  // namespace endoverlay
