#pragma once

#include <vector>

#include <opencv2/core.hpp>

namespace endoverlay {

// Pixel buffers for the frames one source copies out of GStreamer, used
// again once nobody holds them any more, so a 1080p or 4K stream does not
// allocate megabytes per frame. Frames are shared read-only with the display,
// the recorder and inference; a buffer comes back to the pool when the last
// of them lets it go. While more than kPooled are held (a recorder's backlog)
// further frames get buffers of their own. One thread takes buffers; any
// thread may let them go.
class FrameBufferPool {
 public:
  static constexpr std::size_t kPooled = 8;

  // A buffer of `rows` x `cols` of `type` that nobody else holds.
  cv::Mat take(int rows, int cols, int type);

 private:
  std::vector<cv::Mat> buffers_;
};

}  // namespace endoverlay
