#include <QtTest>

#include "core/recording/RecordingEvents.h"
#include "core/recording/ResultJson.h"

using namespace endoverlay;
using nlohmann::json;

namespace {

// Lines as a recording's sidecar holds them, read back as replay reads them.
InferenceResult ercpLine(int frame, bool boxShown, const char* light) {
  return resultFromJson({{"frame", frame},
          {"pts_ns", frame * 40'000'000LL},
          {"mode", "ERCP"},
          {"shown", !boxShown},  // the raw per-frame flag must not drive events
          {"shown_box", boxShown ? json{10, 20, 30, 40} : json(nullptr)},
          {"warning", {{"light", light}, {"p_difficult", nullptr}}}});
}

// A CEUS line: the injection marked at `injectionFrame` (negative: not yet), in `phase`.
InferenceResult ceusLine(int frame, int injectionFrame, const char* phase) {
  json contrast = {{"injection_pts_ns", injectionFrame < 0 ? json(nullptr) : json(injectionFrame * 40'000'000LL)},
                   {"seconds_since_injection", injectionFrame < 0 ? json(nullptr) : json((frame - injectionFrame) * 0.04)},
                   {"phase", phase ? json(phase) : json(nullptr)}, {"region", {330, 130, 190, 160}}, {"region_mean", 40.5}};
  return resultFromJson({{"frame", frame}, {"pts_ns", frame * 40'000'000LL}, {"mode", "ceus"},
                         {"contrast", contrast}});
}

InferenceResult eusLine(int frame, const char* badge) {
  return resultFromJson({{"frame", frame}, {"pts_ns", frame * 40'000'000LL}, {"mode", "EUS"},
                         {"cyst_badge", badge ? json(badge) : json(nullptr)}});
}

}  // namespace

class RecordingEventsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void ercpEventsFollowWhatWasDrawn() {
    const std::vector<InferenceResult> lines = {ercpLine(0, false, "off"), ercpLine(1, true, "off"),  ercpLine(2, true, "green"),
                                     ercpLine(3, true, "red"),  ercpLine(4, true, "red"),  ercpLine(5, true, "amber"),
                                     ercpLine(6, false, "off"), ercpLine(7, false, "off")};
    const std::vector<RecordingEvent> events = findEvents(lines);
    QCOMPARE(events.size(), std::size_t{4});
    QVERIFY(events[0].kind == EventKind::DetectionSeen);
    QCOMPARE(events[0].frame, std::int64_t{1});
    QCOMPARE(events[0].ptsNs, std::int64_t{40'000'000});
    QVERIFY(events[1].kind == EventKind::WarningOn);
    QCOMPARE(events[1].frame, std::int64_t{3});
    QVERIFY(events[2].kind == EventKind::WarningOff);
    QCOMPARE(events[2].frame, std::int64_t{5});
    QVERIFY(events[3].kind == EventKind::DetectionLost);
    QCOMPARE(events[3].frame, std::int64_t{6});
  }

  void theInjectionAndEachPhaseAreEvents() {
    const std::vector<InferenceResult> lines = {ceusLine(0, -1, nullptr),     ceusLine(1, 1, "vascular"),
                                                ceusLine(2, 1, "vascular"),   ceusLine(3, 1, "pancreatic"),
                                                ceusLine(4, 4, "vascular"),  ceusLine(5, 4, "vascular")};
    const std::vector<RecordingEvent> events = findEvents(lines);
    QCOMPARE(events.size(), std::size_t{5});
    QVERIFY(events[0].kind == EventKind::Injection && events[0].frame == 1);
    QVERIFY(events[1].kind == EventKind::PhaseChanged && events[1].frame == 1);
    QCOMPARE(describe(events[1]), std::string("vascular phase"));
    QVERIFY(events[2].kind == EventKind::PhaseChanged && events[2].frame == 3);
    QCOMPARE(describe(events[2]), std::string("pancreatic phase"));
    // Marked again (a second bolus): the clock starts over.
    QVERIFY(events[3].kind == EventKind::Injection && events[3].frame == 4);
    QCOMPARE(describe(events[3]), std::string("contrast injected"));
    QVERIFY(events[4].kind == EventKind::PhaseChanged && events[4].detail == "vascular");
  }

  void cystTypeChangesCarryTheNewType() {
    const std::vector<InferenceResult> lines = {eusLine(0, nullptr), eusLine(1, "MCN"), eusLine(2, "MCN"), eusLine(3, "SCN"),
                                     eusLine(4, nullptr)};
    const std::vector<RecordingEvent> events = findEvents(lines);
    QCOMPARE(events.size(), std::size_t{3});
    QCOMPARE(events[0].detail, std::string("MCN"));
    QCOMPARE(events[0].frame, std::int64_t{1});
    QCOMPARE(events[1].detail, std::string("SCN"));
    QCOMPARE(events[2].detail, std::string());
    QCOMPARE(events[2].frame, std::int64_t{4});
    for (const RecordingEvent& e : events) QVERIFY(e.kind == EventKind::BadgeChanged);
    QCOMPARE(describe(events[1]), std::string("cyst type changed: SCN"));
    QCOMPARE(describe(events[2]), std::string("cyst type changed: none"));
  }

  // A switch of mode while recording: the old mode's heads show nothing from then on, and the timeline says so.
  void headsOfTheModeBeforeASwitchEndTheirEvents() {
    const std::vector<RecordingEvent> events = findEvents({ercpLine(0, true, "red"), eusLine(1, "MCN")});
    std::vector<std::string> read;
    for (const RecordingEvent& e : events) read.push_back(std::to_string(e.frame) + " " + describe(e));
    QCOMPARE(read, (std::vector<std::string>{"0 ampulla seen", "0 difficulty warning on", "1 ampulla lost",
                                             "1 difficulty warning off", "1 cyst type changed: MCN"}));
  }

  void aRecordingWithoutResultsHasNoEvents() { QVERIFY(findEvents({}).empty()); }
};

QTEST_APPLESS_MAIN(RecordingEventsTest)
#include "RecordingEventsTest.moc"
