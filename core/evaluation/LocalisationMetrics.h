#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// The ampulla localisation measures of Kim et al. 2021, as pure functions.
// Boxes are (x, y, w, h) in frame pixels, the same definitions as
// training/endoverlay_training/metrics.py.

double intersectionArea(const Box& a, const Box& b);
double intersectionOverUnion(const Box& a, const Box& b);

// One frame with a ground-truth box. A frame where nothing was found scores
// IoU, precision and recall 0 and centroid distance 1, so it fails every
// success threshold.
struct LocalisationScores {
  double iou = 0;
  double precision = 0;         // |pred ∩ gt| / |pred|
  double recall = 0;            // |pred ∩ gt| / |gt|
  double centroidDistance = 1;  // ½(|xg − xe| / W + |yg − ye| / H)
};

LocalisationScores scoreLocalisation(const std::optional<Box>& predicted, const Box& truth, cv::Size frame);

// (threshold, share of frames that pass it)
using SuccessCurve = std::vector<std::pair<double, double>>;

struct LocalisationSummary {
  std::size_t frames = 0;
  std::size_t missed = 0;  // frames where nothing was found
  double meanIou = 0;
  double precision = 0;
  double recall = 0;
  double centroidDistance = 0;
  SuccessCurve successIou;       // IoU > t for t = 0, 0.1 … 0.9
  SuccessCurve successCentroid;  // centroid distance < t for t = 0.01 … 0.1
};

LocalisationSummary summariseLocalisation(const std::vector<LocalisationScores>& frames, std::size_t missed);

}  // namespace endoverlay
