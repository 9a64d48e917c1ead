#include "pipeline/FrameBufferPool.h"

#include <algorithm>

namespace endoverlay {

cv::Mat FrameBufferPool::take(int rows, int cols, int type) {
  // A frame of another size or layout (a source that changed its picture) makes the old buffers useless.
  const auto fits = [&](const cv::Mat& m) { return m.rows == rows && m.cols == cols && m.type() == type; };
  buffers_.erase(std::remove_if(buffers_.begin(), buffers_.end(), [&](const cv::Mat& m) { return !fits(m); }),
                 buffers_.end());
  // The pool's own header is the only reference left once every frame made from it is gone; the count
  // only drops on other threads, and only this thread hands a buffer out again. Read atomically (adding
  // nothing), which also orders the other threads' last reads of the pixels before this thread's writes.
  for (const cv::Mat& buffer : buffers_)
    if (CV_XADD(&buffer.u->refcount, 0) == 1) return buffer;
  cv::Mat fresh(rows, cols, type);
  if (buffers_.size() < kPooled) buffers_.push_back(fresh);
  return fresh;
}

}  // namespace endoverlay
