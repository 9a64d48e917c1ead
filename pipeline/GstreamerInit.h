#pragma once

namespace endoverlay {

// gst_init, once per process, from whichever thread needs GStreamer first;
// it also registers the app's own elements (endoverlaydicomsrc).
void initialiseGstreamer();

}  // namespace endoverlay
