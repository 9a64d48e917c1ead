#pragma once

#include <gst/video/video.h>

#include "core/analysis/Frame.h"

namespace endoverlay {

// A frame format as GStreamer describes it (caps, converters), and back.

// BGRx, or I420 with the frame's colorimetry and its planes packed one
// after the other as Frame::i420 holds them (not GStreamer's default, which
// pads rows to four bytes); `fps` 0 for a variable rate.
GstVideoInfo videoInfoOf(const FrameFormat& format, double fps = 0.0);
YuvCoding yuvCodingOf(const GstVideoInfo& info);

}  // namespace endoverlay
