#include "core/model/DeviceFallback.h"

#include "core/support/Logging.h"

namespace endoverlay {

void DeviceFallback::fellBack(const std::string& reason) {
  onGpu_ = false;
  // The first line of a LibTorch message says what failed; the rest is a stack trace.
  notice_ = "GPU failed (" + reason.substr(0, reason.find('\n')) + "); running on the CPU";
  moduleLogger("core")->error("{}", notice_);
}

}  // namespace endoverlay
