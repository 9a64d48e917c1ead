#pragma once

#include <optional>

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// Post-processing of the ampulla soft mask (Kim et al. 2021), a pure function.
//
// Works on the model's sigmoid mask (CV_32F) at the model's own size and maps
// only the box onto a frame of `frameSize`: normalise the mask so its peak is
// 1, keep the pixels above `boxThreshold` that are 8-connected to the peak,
// box them (x1 = last column + 1) and scale the box to the frame. Searching a
// mask resized to the frame instead gives the same box to within one model
// pixel and, at 1080p and 4K, costs more than the network. The score is the
// raw peak; the centroid is the box centre. Empty when the mask has no
// positive peak.
std::optional<Detection> detectAmpulla(const cv::Mat& mask, double boxThreshold, cv::Size frameSize);

}  // namespace endoverlay
