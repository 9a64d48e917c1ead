#include "core/FrameAnalyzer.h"

namespace endoverlay {

FrameAnalyzer::~FrameAnalyzer() = default;

}  // namespace endoverlay
