#include "core/recording/RecordingEvents.h"

#include <cstdio>
#include <map>

#include "core/readout/ReadoutStyle.h"

namespace endoverlay {
namespace {

// What a head showed that its events follow.
struct Shown {
  bool detection = false;
  bool warning = false;
  std::string badge;
};

Shown shownBy(const HeadOutput& head) {
  Shown shown;
  switch (head.readout) {
    case ReadoutKind::HeatmapBox:
    case ReadoutKind::Segmentation: shown.detection = head.detectionShown(); break;
    case ReadoutKind::TrafficLight: shown.warning = head.stable.light == TrafficLight::Red; break;
    case ReadoutKind::ClassBadge: shown.badge = head.stable.label.value_or(""); break;
  }
  return shown;
}

}  // namespace

std::string toString(EventKind kind) {
  switch (kind) {
    case EventKind::DetectionSeen: return "seen";
    case EventKind::DetectionLost: return "lost";
    case EventKind::WarningOn: return "warning on";
    case EventKind::WarningOff: return "warning off";
    case EventKind::BadgeChanged: return "changed";
    case EventKind::SignalLost: return "signal lost";
    case EventKind::Injection: return "contrast injected";
    case EventKind::PhaseChanged: return "phase";
  }
  return "event";
}

std::vector<RecordingEvent> findEvents(const std::vector<InferenceResult>& results) {
  std::vector<RecordingEvent> events;
  std::map<std::string, Shown> shown;  // by head id
  std::optional<std::int64_t> injection;
  std::string phase;
  for (const InferenceResult& result : results) {
    const auto changes = [&](const std::string& head, const Shown& was, const Shown& now) {
      const auto add = [&](EventKind kind, std::string detail = {}) {
        events.push_back({result.frameIndex, result.ptsNs, kind, head, std::move(detail)});
      };
      if (now.detection != was.detection) add(now.detection ? EventKind::DetectionSeen : EventKind::DetectionLost);
      if (now.warning != was.warning) add(now.warning ? EventKind::WarningOn : EventKind::WarningOff);
      if (now.badge != was.badge) add(EventKind::BadgeChanged, now.badge);
    };
    if (result.signalGapNs > 0) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f s", result.signalGapNs / 1e9);
      events.push_back({result.frameIndex, result.ptsNs, EventKind::SignalLost, {}, seconds});
    }
    if (result.contrast) {
      const ContrastReading& contrast = *result.contrast;
      // One marked before a recording started lies before its 0: the recording shows no injection.
      if (contrast.injectionPtsNs && contrast.injectionPtsNs != injection && *contrast.injectionPtsNs >= 0)
        events.push_back({result.frameIndex, result.ptsNs, EventKind::Injection, {}, {}});
      if (!contrast.phase.empty() && (contrast.phase != phase || contrast.injectionPtsNs != injection))
        events.push_back({result.frameIndex, result.ptsNs, EventKind::PhaseChanged, {}, contrast.phase});
      injection = contrast.injectionPtsNs;
      phase = contrast.phase;
    }
    std::map<std::string, Shown> now;
    for (const HeadOutput& head : result.heads) now[head.id] = shownBy(head);
    // A head of the mode before a switch shows nothing from here on.
    for (const auto& [head, was] : shown)
      if (now.count(head) == 0) changes(head, was, Shown{});
    for (const HeadOutput& head : result.heads) changes(head.id, shown[head.id], now[head.id]);
    shown = std::move(now);
  }
  return events;
}

std::string describe(const RecordingEvent& event) {
  switch (event.kind) {
    case EventKind::SignalLost: return toString(event.kind) + " for " + event.detail;
    case EventKind::Injection: return toString(event.kind);
    case EventKind::PhaseChanged: return inWords(event.detail) + " phase";
    case EventKind::BadgeChanged:
      return inWords(event.head) + " " + toString(event.kind) + (event.detail.empty() ? ": none" : ": " + event.detail);
    case EventKind::DetectionSeen:
    case EventKind::DetectionLost:
    case EventKind::WarningOn:
    case EventKind::WarningOff: break;
  }
  return inWords(event.head) + " " + toString(event.kind);
}

}  // namespace endoverlay
