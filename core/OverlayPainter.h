#pragma once

#include <opencv2/core.hpp>

#include "core/InferenceResult.h"
#include "core/ReadoutStyle.h"

namespace endoverlay {

// A readout colour (ReadoutStyle) in OpenCV's BGR order.
cv::Scalar bgrOf(const Rgb& colour);

// Burns what the live view showed on one frame into a BGRx picture, from
// that frame's result's stable readout: the drawn ampulla box and centroid,
// the difficulty traffic light with its probability, the cyst badge with its
// probability, and the not-for-clinical-use line, in ReadoutStyle's colours and words. Only what the readout
// shows is drawn, clipped to the picture; a null result draws the notice alone.
void paintOverlay(cv::Mat& bgrx, const InferenceResult* result);

}  // namespace endoverlay
