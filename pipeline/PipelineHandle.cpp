#include "pipeline/PipelineHandle.h"

#include <gst/gst.h>

namespace endoverlay {

PipelineHandle::~PipelineHandle() {
  if (bus) gst_object_unref(bus);
  if (app) gst_object_unref(app);
  if (pipeline) {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
  }
}

}  // namespace endoverlay
