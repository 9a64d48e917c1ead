#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// What a reviewer jumps to on a recording's timeline.
enum class EventKind {
  DetectionSeen,
  DetectionLost,
  WarningOn,
  WarningOff,
  BadgeChanged,
  SignalLost,
  Injection,     // the user marked the contrast injection (again: moved it)
  PhaseChanged,  // a contrast study entered its next phase
};

std::string toString(EventKind kind);

struct RecordingEvent {
  std::int64_t frame = 0;
  std::int64_t ptsNs = 0;
  EventKind kind = EventKind::DetectionSeen;
  std::string head;    // the protocol's head it is about; empty for a lost signal and the contrast clock
  // The badge shown from then on ("" when it went away); how long the signal was lost; the phase entered.
  std::string detail;
};

// What a reviewer reads for an event, named by its head (underscores read
// as spaces): "ampulla seen", "ampulla lost", "difficulty warning on",
// "difficulty warning off", for a badge the label shown from then on ("cyst
// type changed: SCN", or ": none"), for a lost signal how long ("signal lost
// for 4.2 s"), "contrast injected", "pancreatic phase".
std::string describe(const RecordingEvent& event);

// The events in a recording's results, in order, from what the live view
// showed (the stable readout, never raw per-frame outputs, which may
// flicker), head by head: a heatmap box or a segmented region appearing and
// going, a traffic light's warning (red) coming on and going off, a class
// badge changing; and on a contrast study the injection marked and each
// phase entered.
std::vector<RecordingEvent> findEvents(const std::vector<InferenceResult>& results);

}  // namespace endoverlay
