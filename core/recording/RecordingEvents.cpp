#include "core/recording/RecordingEvents.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace endoverlay {

namespace {

std::string words(const std::string& id) {
  std::string text = id;
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

// What a head showed that its events follow.
struct Shown {
  bool detection = false;
  bool warning = false;
  std::string badge;
};

}  // namespace

std::string toString(EventKind kind) {
  switch (kind) {
    case EventKind::DetectionSeen: return "seen";
    case EventKind::DetectionLost: return "lost";
    case EventKind::WarningOn: return "warning on";
    case EventKind::WarningOff: return "warning off";
    case EventKind::BadgeChanged: return "changed";
    case EventKind::SignalLost: return "signal lost";
  }
  return "event";
}

std::vector<RecordingEvent> findEvents(const std::vector<InferenceResult>& results) {
  std::vector<RecordingEvent> events;
  std::map<std::string, Shown> shown;  // by head id
  for (const InferenceResult& result : results) {
    const auto add = [&](EventKind kind, const std::string& head, std::string detail = {}) {
      events.push_back({result.frameIndex, result.ptsNs, kind, head, std::move(detail)});
    };
    if (result.signalGapNs > 0) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f s", result.signalGapNs / 1e9);
      add(EventKind::SignalLost, {}, seconds);
    }
    for (const HeadOutput& head : result.heads) {
      Shown& was = shown[head.id];
      switch (head.readout) {
        case ReadoutKind::HeatmapBox:
          if (head.detectionShown() != was.detection) {
            was.detection = !was.detection;
            add(was.detection ? EventKind::DetectionSeen : EventKind::DetectionLost, head.id);
          }
          break;
        case ReadoutKind::TrafficLight:
          if ((head.stable.light == TrafficLight::Red) != was.warning) {
            was.warning = !was.warning;
            add(was.warning ? EventKind::WarningOn : EventKind::WarningOff, head.id);
          }
          break;
        case ReadoutKind::ClassBadge: {
          const std::string badge = head.stable.label.value_or("");
          if (badge != was.badge) {
            was.badge = badge;
            add(EventKind::BadgeChanged, head.id, badge);
          }
          break;
        }
      }
    }
  }
  return events;
}

std::string describe(const RecordingEvent& event) {
  switch (event.kind) {
    case EventKind::SignalLost: return toString(event.kind) + " for " + event.detail;
    case EventKind::BadgeChanged:
      return words(event.head) + " " + toString(event.kind) + (event.detail.empty() ? ": none" : ": " + event.detail);
    default: return words(event.head) + " " + toString(event.kind);
  }
}

}  // namespace endoverlay
