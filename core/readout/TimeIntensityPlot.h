#pragma once

#include <opencv2/core.hpp>

#include "core/analysis/TimeIntensityCurve.h"

namespace endoverlay {

// Draws a time-intensity curve over all of `bgra` (CV_8UC4, its alpha
// kept, so the window can lay the plot over the picture and an export can
// blend it in): a translucent panel, the region's curve and the reference's
// in ReadoutStyle's colours, the injection as a line at 0:00, the region's
// peak marked, and the peaks in words above, one line each. Time runs along the
// bottom from the injection (from the curve's start before one is marked),
// over at least a minute; grey from 0 up to a little over the highest point.
void paintTimeIntensityPlot(cv::Mat& bgra, const TimeIntensityCurve& curve);

// Where an export draws the plot on a picture of `size`: its lower left, above the notice line.
cv::Rect timeIntensityPlotArea(cv::Size size);

}  // namespace endoverlay
