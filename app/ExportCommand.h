#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// A PNG snapshot of one frame of a recording with the overlay the live view
// showed on it burned in: the newest result at or before that frame, from
// the recording's sidecar (see OverlayPainter).
int runExport(const CliOptions& options);

}  // namespace endoverlay
