#pragma once

#include <string>

#include <opencv2/core.hpp>

#include "core/analysis/Frame.h"
#include "core/analysis/InferenceResult.h"
#include "core/protocol/Protocol.h"

namespace endoverlay {

// Regions a head looks at instead of the whole frame, as pure functions.

// The square centred on `box` with a side of `scale` × its longer edge, in
// whole pixels. Rounds half to even, like the training code.
Box squareAround(const Box& box, double scale);

// The pixels of squareAround(box, scale),
// black where it leaves the image (the difficulty head's input, card field
// input.region_of_interest).
cv::Mat squareRegionAround(const cv::Mat& image, const Box& box, double scale);

// The part of `image` inside `box`, clipped to the image; empty when they do
// not overlap (the EUS region the user drags).
cv::Mat cropToBox(const cv::Mat& image, const Box& box);

// The same on a frame, `box` in the source's pixels, whose picture may be
// scaled down for the heads (Frame::scaledFrom): the box is scaled with it.
cv::Mat squareRegionAround(const Frame& frame, const Box& box, double scale);
cv::Mat cropToBox(const Frame& frame, const Box& box);
// The part of `box` inside a picture of `size`, as cropToBox keeps it.
Box clippedToPicture(const Box& box, cv::Size size);

// Where a segmenter's per-pixel `probabilities` (CV_32F, any size) reach `threshold`, taken to `size` (nearest)
// and grown by `marginPx` pixels in every direction: the part of its input a classifier trained inside the
// segmented organ sees (card field postprocess.mask_margin_px). CV_8U, 255 there, 0 elsewhere.
cv::Mat segmentedRegion(const cv::Mat& probabilities, double threshold, int marginPx, cv::Size size);

// `image` at the size of `region` (a segmentedRegion; area resize), black beyond the region.
cv::Mat insideRegion(const cv::Mat& image, const cv::Mat& region);

// A Grad-CAM `map` (CV_32F, 0..1, feature-map size) of a classifier that saw only `region` of its input
// (CV_8U, the input's size): stretched to the region's size (bilinear), 0 outside it, and divided by its peak
// inside, so that it reaches 1 where the model looked most within what it saw.
cv::Mat mapInsideRegion(const cv::Mat& map, const cv::Mat& region);

// "X,Y,W,H" in frame pixels, as a command line gives a region: X, Y at least 0, W, H above 0, all at most a
// million. Throws std::invalid_argument saying what it wants.
Box parseRegion(const std::string& text);

// Where a region the user dragged on a picture of `size` is read (Protocol::userRegion): as drawn, or, for
// RightHalf, moved by half the width when its centre lies on the left half, and kept inside the right half.
Box placeUserRegion(const Box& drawn, cv::Size size, RegionPlacement placement);

}  // namespace endoverlay
