#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// A recording with the overlay the live view showed burned in (the newest
// result at or before each frame, from the recording's sidecar; see
// OverlayPainter): one frame as PNG (--png), or the clip or a range of it as
// H.264 MP4 (--mp4), every frame, none dropped.
int runExport(const CliOptions& options);

}  // namespace endoverlay
