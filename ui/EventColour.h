#pragma once

#include <QColor>

#include "core/recording/RecordingEvents.h"

namespace endoverlay {

// The colour of an event's tick on the timeline and its bar in the review
// panel: the colour its overlay had (yellow box, red and green light, blue
// cyst badge), so a reviewer reads both the same way.
QColor eventColour(EventKind kind);

}  // namespace endoverlay
