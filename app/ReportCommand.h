#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// One self-contained HTML page about a recording, for QA: its procedure ID,
// date, mode, duration, app and model versions with SHA-256, the reviewer's
// verdict and notes, per-stage latency statistics, and every event (ampulla
// seen and lost, difficulty warning on and off, cyst type changes) with a
// thumbnail of its frame, overlay burned in. Written to --html FILE.
int runReport(const CliOptions& options);

}  // namespace endoverlay
