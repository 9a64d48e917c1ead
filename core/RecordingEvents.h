#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/InferenceResult.h"

namespace endoverlay {

// What a reviewer jumps to on a recording's timeline.
enum class EventKind { AmpullaSeen, AmpullaLost, WarningOn, WarningOff, CystTypeChanged, SignalLost };

std::string toString(EventKind kind);

struct RecordingEvent {
  std::int64_t frame = 0;
  std::int64_t ptsNs = 0;
  EventKind kind = EventKind::AmpullaSeen;
  std::string detail;  // the cyst type shown from then on ("" when the badge went away); how long the signal was lost
};

// What a reviewer reads for an event: its kind, and for a cyst type change
// the type shown from then on ("cyst type changed: SCN", or ": none"), for a
// lost signal how long ("signal lost for 4.2 s").
std::string describe(const RecordingEvent& event);

// The events in a recording's results, in order, from what the live view
// showed (the stable readout, never raw per-frame outputs, which may
// flicker): the ampulla box appearing and going, the difficulty warning (the
// red traffic light) coming on and going off, the cyst badge changing.
std::vector<RecordingEvent> findEvents(const std::vector<InferenceResult>& results);

}  // namespace endoverlay
