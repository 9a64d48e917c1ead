#include "pipeline/GstreamerInit.h"

#include <mutex>

#include <gst/gst.h>

namespace endoverlay {

void initialiseGstreamer() {
  static std::once_flag once;
  std::call_once(once, [] { gst_init(nullptr, nullptr); });
}

}  // namespace endoverlay
