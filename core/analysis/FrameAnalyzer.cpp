#include "core/analysis/FrameAnalyzer.h"

namespace endoverlay {

FrameAnalyzer::~FrameAnalyzer() = default;

}  // namespace endoverlay
