#pragma once

namespace endoverlay {

// gst_init, once per process, from whichever thread needs GStreamer first.
void initialiseGstreamer();

}  // namespace endoverlay
