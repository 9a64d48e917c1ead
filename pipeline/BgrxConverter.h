#pragma once

#include <gst/video/video.h>
#include <opencv2/core.hpp>

#include "core/analysis/Frame.h"
#include "pipeline/FrameBufferPool.h"

namespace endoverlay {

// Converts video to BGRx, the layout the heads and the overlay painter work
// in, with GStreamer's converter, which honours the source's colorimetry
// (BT.601 or BT.709, video or full range) as the decoder's own conversion
// would. Keeps its converter for the next frame of the same format. One
// thread at a time.
class BgrxConverter {
 public:
  BgrxConverter() = default;
  ~BgrxConverter();
  BgrxConverter(const BgrxConverter&) = delete;
  BgrxConverter& operator=(const BgrxConverter&) = delete;

  // The largest picture the heads get. Their inputs are a few hundred pixels
  // at most, and the regions they read around a box keep several times
  // their input's size at HD, so a 1080p or 4K frame is analysed at HD and
  // costs no more than HD to convert and resize.
  static constexpr int kHeadsWidth = 1280;
  static constexpr int kHeadsHeight = 720;

  // The frame as the heads take it, its pixels in `bgrx`: as it is when it is
  // already BGRx; else converted and, when larger than kHeadsWidth x
  // kHeadsHeight, first averaged down to fit (Frame::scaledFrom).
  Frame forHeads(const Frame& frame);
  // The frame in BGRx at its own size, as exports paint on it.
  Frame whole(const Frame& frame);
  // A mapped GStreamer frame of any format into `out`, CV_8UC4 of its size.
  void convert(const GstVideoFrame& in, cv::Mat& out);

 private:
  FrameBufferPool buffers_;  // for the pictures made, which the heads let go of before the next
  GstVideoConverter* converter_ = nullptr;
  GstVideoInfo from_{};  // what converter_ converts from
  GstVideoInfo to_{};
};

}  // namespace endoverlay
