#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// Plays VIDEO through the live path at its own rate, with the mode's heads,
// and records it into --out FOLDER (see Recording) until the source ends,
// --seconds pass, or SIGINT/SIGTERM. Prints "recording to FILE" once the
// first frame is in. A recording stopped by a write failure is reported at
// once; the live path goes on to the end and the exit status is 1.
int runRecord(const CliOptions& options);

}  // namespace endoverlay
