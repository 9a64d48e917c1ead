#pragma once

#include "core/analysis/Frame.h"
#include "pipeline/BgrxConverter.h"
#include "pipeline/FrameBufferPool.h"

typedef struct _GstSample GstSample;

namespace endoverlay {

// Copies decoded samples out of GStreamer into frames, the one copy a frame
// gets on its way: BGRx samples into `bgrx`, I420 ones of even size into
// `i420` with their colorimetry, and I420 ones of odd size (no 4:2:0 plane
// layout fits them) converted into `bgrx`. Buffers come from a pool, so a
// steady stream allocates nothing. One source's streaming thread.
class SampleCopier {
 public:
  // The pixels and the timestamp (`ptsNs`, -1 when the buffer has none);
  // sets nothing else. False on a sample that is not mappable video.
  bool copy(GstSample* sample, Frame& frame);

 private:
  FrameBufferPool pool_;
  BgrxConverter oddSizes_;
};

}  // namespace endoverlay
