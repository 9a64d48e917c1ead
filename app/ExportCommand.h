#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// A recording with the overlay its live view showed burned in
// (AnnotatedExport): one frame as PNG (--png), or the clip or a range of it
// as H.264 MP4 (--mp4).
int runExport(const CliOptions& options);

}  // namespace endoverlay
