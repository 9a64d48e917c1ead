#pragma once

#include "app/CliOptions.h"
#include "core/analysis/InferenceStage.h"

namespace endoverlay {

// Gives `stage` the regions (--region, --reference-region) and the injection
// (--injection-at) asked for; throws std::invalid_argument when the protocol
// has no contrast clock for the last two.
void applyRegionOptions(const CliOptions& options, InferenceStage& stage);

}  // namespace endoverlay
