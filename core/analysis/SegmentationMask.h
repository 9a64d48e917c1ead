#pragma once

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// What a segmentation may hold, so a recorded line stays small: the largest
// outlines, and their corners all together.
inline constexpr std::size_t kMaxSegmentationOutlines = 32;
inline constexpr std::size_t kMaxSegmentationPoints = 256;

// The region where a segmenter's probabilities (CV_32F, model-sized) reach
// `threshold`, traced at the model's size and mapped onto a frame of
// `frameSize`: its outer outlines (the largest kMaxSegmentationOutlines,
// simplified to within half a model pixel, or more coarsely until all of
// them have kMaxSegmentationPoints corners at most) and the share of the
// picture it covers. An empty region has no outlines and no area.
Segmentation segmentationOf(const cv::Mat& probabilities, cv::Size frameSize, double threshold);

}  // namespace endoverlay
