#pragma once

#include "core/analysis/Frame.h"

typedef struct _GstSample GstSample;

namespace endoverlay {

// Copies a BGRx sample's pixels out of GStreamer into `frame.bgrx` and its
// timestamp into `frame.ptsNs` (-1 when the buffer has none). Returns false
// on a sample that is not mappable video. Sets nothing else.
bool copySample(GstSample* sample, Frame& frame);

}  // namespace endoverlay
