#pragma once

#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"

namespace endoverlay::test {

// The overlay's heatmap is cyan to green; duodenal mucosa never is.
bool isHeatmapColoured(QRgb pixel);
// Share of heatmap-coloured pixels inside `rect` (window pixels).
double heatmapShare(const QImage& image, const QRect& rect);
// The box's yellow (ReadoutStyle's boxColour) as the window draws it, antialiased and over the video.
bool isBoxYellow(QRgb pixel);
// A frame box in window pixels, for a video fitted into the window with its aspect ratio kept.
QRect toWindow(const Box& box, QSize frame, QSize window);
// Pixels of the box's left edge, in the overlay's exact colour, on its middle row of a burned-in BGR picture.
int boxEdgePixels(const cv::Mat& picture, const Box& box);
// Saves a window grab as ENDOVERLAY_TEST_OUTPUT/NAME.png, for a person to look at.
void saveForReview(const QImage& image, const QString& name);

}  // namespace endoverlay::test
