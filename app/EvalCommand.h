#pragma once

#include "app/CliOptions.h"

namespace endoverlay {

// Scores the models of the data set's mode (or --mode) on a labelled image
// set or clip with the papers' measures, prints a summary and writes the
// full report as JSON (--json) and CSV (--csv).
int runEval(const CliOptions& options);

}  // namespace endoverlay
