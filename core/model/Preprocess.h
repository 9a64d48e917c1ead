#pragma once

// Include only from .cpp files (LibTorch).
#include <opencv2/core.hpp>
#include <torch/types.h>

#include "core/model/ModelCard.h"

namespace endoverlay {

// A BGRx frame (or a region of one) as the card's input tensor, 1xCxHxW
// float32 on the CPU: area resize of the whole image to width x height,
// colour order, pixel / 255, then (x - mean) / std per channel. The same
// steps as training/endoverlay_training/card_inference.py.
torch::Tensor preprocessFrame(const cv::Mat& bgrx, const InputSpec& spec);

}  // namespace endoverlay
