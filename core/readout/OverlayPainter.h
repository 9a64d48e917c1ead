#pragma once

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"
#include "core/analysis/TimeIntensityCurve.h"
#include "core/readout/ReadoutStyle.h"

namespace endoverlay {

// A readout colour (ReadoutStyle) in OpenCV's BGR order.
cv::Scalar bgrOf(const Rgb& colour);

// Burns what the live view showed on one frame into a BGRx picture, from
// its result's heads' stable readouts, each by its readout kind: a heatmap
// box's drawn box and centroid, a segmentation's outline over a light fill,
// a traffic light with its grouped probability, a class badge with its
// probability (the panels stacked down the right edge), and the
// not-for-clinical-use line, in ReadoutStyle's colours and words; on a
// contrast study also the region and the reference region, the phase (a
// panel below the others) and, given, the time-intensity curve up to this
// result (lower left). Only what the readouts show is drawn, clipped to the
// picture; a null result draws the notice alone.
void paintOverlay(cv::Mat& bgrx, const InferenceResult* result, const TimeIntensityCurve* curve = nullptr);
// paintOverlay's two parts: the readouts alone, for panes of a picture that carries the notice once, and
// the not-for-clinical-use line centred at the bottom.
void paintReadouts(cv::Mat& bgrx, const InferenceResult* result, const TimeIntensityCurve* curve = nullptr);
void paintNotice(cv::Mat& bgrx);

}  // namespace endoverlay
