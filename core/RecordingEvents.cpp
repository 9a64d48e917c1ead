#include "core/RecordingEvents.h"

namespace endoverlay {
namespace {

bool ampullaShown(const nlohmann::json& line) {
  const auto box = line.find("shown_box");
  return box != line.end() && !box->is_null();
}

bool warningOn(const nlohmann::json& line) {
  const auto warning = line.find("warning");
  return warning != line.end() && warning->is_object() && warning->value("light", "") == "red";
}

std::string cystBadge(const nlohmann::json& line) {
  const auto badge = line.find("cyst_badge");
  return badge != line.end() && badge->is_string() ? badge->get<std::string>() : std::string();
}

}  // namespace

std::string toString(EventKind kind) {
  switch (kind) {
    case EventKind::AmpullaSeen: return "ampulla seen";
    case EventKind::AmpullaLost: return "ampulla lost";
    case EventKind::WarningOn: return "difficulty warning on";
    case EventKind::WarningOff: return "difficulty warning off";
    case EventKind::CystTypeChanged: return "cyst type changed";
  }
  return "event";
}

std::vector<RecordingEvent> findEvents(const std::vector<nlohmann::json>& results) {
  std::vector<RecordingEvent> events;
  bool shown = false;
  bool warning = false;
  std::string badge;
  for (const nlohmann::json& line : results) {
    const auto add = [&](EventKind kind, std::string detail = {}) {
      events.push_back({line.value("frame", std::int64_t{0}), line.value("pts_ns", std::int64_t{0}), kind,
                        std::move(detail)});
    };
    if (ampullaShown(line) != shown) {
      shown = !shown;
      add(shown ? EventKind::AmpullaSeen : EventKind::AmpullaLost);
    }
    if (warningOn(line) != warning) {
      warning = !warning;
      add(warning ? EventKind::WarningOn : EventKind::WarningOff);
    }
    if (cystBadge(line) != badge) {
      badge = cystBadge(line);
      add(EventKind::CystTypeChanged, badge);
    }
  }
  return events;
}

std::string describe(const RecordingEvent& event) {
  std::string text = toString(event.kind);
  if (event.kind == EventKind::CystTypeChanged) text += event.detail.empty() ? ": none" : ": " + event.detail;
  return text;
}

}  // namespace endoverlay
