#pragma once

#include <opencv2/core.hpp>

#include "core/InferenceResult.h"

namespace endoverlay {

// The overlay colours the window uses, in BGR, so burned-in exports look like the live view.
inline const cv::Scalar kBoxColour(0, 214, 255);

// Burns what the live view showed on one frame into a BGRx picture, from
// that frame's result's stable readout: the drawn ampulla box and centroid,
// the difficulty traffic light with its probability, the cyst badge with its
// probability, and the not-for-clinical-use line. Only what the readout
// shows is drawn, clipped to the picture; a null result draws the notice alone.
void paintOverlay(cv::Mat& bgrx, const InferenceResult* result);

}  // namespace endoverlay
