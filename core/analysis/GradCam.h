#pragma once

// Include only from .cpp files (LibTorch).
#include <cstdint>
#include <string>

#include <opencv2/core.hpp>
#include <torch/script.h>

namespace endoverlay {

// Grad-CAM (Selvaraju et al.) from a feature map and the model method that
// maps it to logits (the card's postprocess.gradcam_method, e.g. "head"):
// the gradient of logit `classIndex` with respect to the feature map,
// averaged over space, weights each channel; the weighted sum, through a
// ReLU and divided by its peak, is the map (CV_32F, 0..1, feature-map size).
// Runs with autograd on, outside inference mode; the model is not changed.
cv::Mat gradCamMap(torch::jit::script::Module& module, const std::string& method, const torch::Tensor& featureMap,
                   std::int64_t classIndex);

}  // namespace endoverlay
