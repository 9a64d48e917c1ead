#include "core/RecordingEvents.h"

#include <cstdio>

namespace endoverlay {

std::string toString(EventKind kind) {
  switch (kind) {
    case EventKind::AmpullaSeen: return "ampulla seen";
    case EventKind::AmpullaLost: return "ampulla lost";
    case EventKind::WarningOn: return "difficulty warning on";
    case EventKind::WarningOff: return "difficulty warning off";
    case EventKind::CystTypeChanged: return "cyst type changed";
    case EventKind::SignalLost: return "signal lost";
  }
  return "event";
}

std::vector<RecordingEvent> findEvents(const std::vector<InferenceResult>& results) {
  std::vector<RecordingEvent> events;
  bool shown = false;
  bool warning = false;
  std::string badge;
  for (const InferenceResult& result : results) {
    const auto add = [&](EventKind kind, std::string detail = {}) {
      events.push_back({result.frameIndex, result.ptsNs, kind, std::move(detail)});
    };
    if (result.signalGapNs > 0) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f s", result.signalGapNs / 1e9);
      add(EventKind::SignalLost, seconds);
    }
    const bool ampullaShown = result.stable.ampulla && result.stable.ampulla->score >= result.displayThreshold;
    if (ampullaShown != shown) {
      shown = !shown;
      add(shown ? EventKind::AmpullaSeen : EventKind::AmpullaLost);
    }
    if ((result.stable.light == TrafficLight::Red) != warning) {
      warning = !warning;
      add(warning ? EventKind::WarningOn : EventKind::WarningOff);
    }
    const std::string shownBadge = result.stable.cystLabel.value_or("");
    if (shownBadge != badge) {
      badge = shownBadge;
      add(EventKind::CystTypeChanged, badge);
    }
  }
  return events;
}

std::string describe(const RecordingEvent& event) {
  std::string text = toString(event.kind);
  if (event.kind == EventKind::CystTypeChanged) text += event.detail.empty() ? ": none" : ": " + event.detail;
  if (event.kind == EventKind::SignalLost) text += " for " + event.detail;
  return text;
}

}  // namespace endoverlay
