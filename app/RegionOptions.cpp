#include "app/RegionOptions.h"

#include <stdexcept>
#include <string>

namespace endoverlay {

void applyRegionOptions(const CliOptions& options, InferenceStage& stage) {
  if ((options.referenceRegion || options.injectionPtsNs) && !stage.protocol().contrast)
    throw std::invalid_argument(std::string(options.referenceRegion ? "--reference-region" : "--injection-at") +
                                ": mode " + stage.protocol().id + " has no contrast clock");
  stage.setUserRegion(options.cystRegion);
  stage.setReferenceRegion(options.referenceRegion);
  stage.setInjection(options.injectionPtsNs);
}

}  // namespace endoverlay
