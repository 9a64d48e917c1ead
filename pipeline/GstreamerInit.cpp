#include "pipeline/GstreamerInit.h"

#include <mutex>

#include <gst/gst.h>

#include "pipeline/DicomSourceElement.h"

namespace endoverlay {

void initialiseGstreamer() {
  static std::once_flag once;
  std::call_once(once, [] {
    gst_init(nullptr, nullptr);
    registerDicomSourceElement();
  });
}

}  // namespace endoverlay
