#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// Runs the heads of the chosen mode on every frame of a video and writes one JSON line
// per frame. Returns the process exit code; problems go to stderr.
int runAnalyze(const CliOptions& options);

}  // namespace endoverlay
