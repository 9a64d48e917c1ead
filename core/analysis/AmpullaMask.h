#pragma once

#include <optional>

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// Post-processing of the ampulla soft mask (Kim et al. 2021), pure functions.

// The model's sigmoid mask (CV_32F, any size) bilinearly resized to the frame.
cv::Mat maskAtFrameSize(const cv::Mat& mask, cv::Size frame);

// Normalise the mask so its peak is 1, keep the pixels above `boxThreshold`
// that are 8-connected to the peak, and box them (x1 = last column + 1).
// The score is the raw peak; the centroid is the box centre. Empty when the
// mask has no positive peak.
std::optional<Detection> detectAmpulla(const cv::Mat& frameMask, double boxThreshold);

}  // namespace endoverlay
