#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace endoverlay {

using SteadyTime = std::chrono::steady_clock::time_point;

enum class PixelLayout { Bgrx, I420 };

// How an I420 frame's colours are coded: the matrix of its colorimetry (SD
// signals use BT.601, HD and 4K BT.709) and its range (video, or full as
// from a JPEG capture card).
enum class YuvMatrix { Bt601, Bt709 };
struct YuvCoding {
  YuvMatrix matrix = YuvMatrix::Bt601;
  bool fullRange = false;
  bool operator==(const YuvCoding& o) const { return matrix == o.matrix && fullRange == o.fullRange; }
};

// What a frame's pixels look like, without the pixels: what a recorder or a
// converter is set up for.
struct FrameFormat {
  cv::Size size;
  PixelLayout layout = PixelLayout::Bgrx;
  YuvCoding yuv;  // I420 only
  bool operator==(const FrameFormat& o) const {
    return size == o.size && layout == o.layout && (layout == PixelLayout::Bgrx || yuv == o.yuv);
  }
  bool operator!=(const FrameFormat& o) const { return !(*this == o); }
};

// One decoded video frame, in one of two layouts. Live sources hand on the
// decoder's planar YUV 4:2:0 (`i420`), so the display and the recorder take
// the picture without a colour conversion and only the frames the heads
// analyse are converted; files read for analysis, replay and export come as
// BGRx, which the heads and the overlay painter work in. The pixels are
// shared, not copied, between the display, the recorder and inference, so
// nobody may write to them once the frame is out.
struct Frame {
  std::int64_t index = -1;
  std::int64_t ptsNs = 0;
  SteadyTime arrival{};
  cv::Mat bgrx;  // CV_8UC4, B G R and one unused byte per pixel; or empty when the frame is in i420
  // CV_8UC1 of height × 3/2 rows: the Y plane, then U and V, each a quarter of Y's size and packed
  // (OpenCV's I420 layout); always an even width and height. Empty when the frame is in bgrx.
  cv::Mat i420;
  YuvCoding yuv;  // of i420
  // When bgrx holds the source's picture scaled down for the heads (BgrxConverter::forHeads): the source's
  // size, in whose pixels every result is given. Empty when bgrx is the picture as it came.
  cv::Size scaledFrom;
  // A still-image study's frame (CT, MR): one slice of each series of the protocol's study, in its order, as
  // values (CV_32FC1: Hounsfield units, MR signal) that each head's card turns into its own grey; bgrx is then
  // the slice shown, as the user views it. Empty for video.
  std::vector<cv::Mat> seriesValues;

  // The source's picture size.
  cv::Size size() const {
    if (!scaledFrom.empty()) return scaledFrom;
    return bgrx.empty() ? cv::Size(i420.cols, i420.rows * 2 / 3) : bgrx.size();
  }
  bool empty() const { return bgrx.empty() && i420.empty(); }
  bool isStill() const { return !seriesValues.empty(); }
  // The pixels' format (of a scaled picture, its own size).
  FrameFormat format() const {
    return bgrx.empty() ? FrameFormat{size(), PixelLayout::I420, yuv} : FrameFormat{bgrx.size(), PixelLayout::Bgrx, yuv};
  }
};

}  // namespace endoverlay
