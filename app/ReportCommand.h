#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// The HTML report of a recording (writeRecordingReport) to --html FILE.
int runReport(const CliOptions& options);

}  // namespace endoverlay
