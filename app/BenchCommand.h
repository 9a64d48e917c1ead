#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// Runs the first frames of a video, decoded beforehand, through the full
// inference stage of the chosen mode and prints throughput and per-stage
// latency percentiles; with --compare-eager also the same models in PyTorch
// eager (Python) on the same frames, and the ratio of the two.
int runBench(const CliOptions& options);

}  // namespace endoverlay
