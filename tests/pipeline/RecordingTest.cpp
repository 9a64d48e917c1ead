#include <QtTest>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "core/InferenceStage.h"
#include "core/ModelDirectory.h"
#include "core/RecordingEvents.h"
#include "core/ResultJson.h"
#include "core/SidecarFile.h"
#include "pipeline/LiveSession.h"
#include "pipeline/Recording.h"
#include "pipeline/ReplaySource.h"
#include "support/DemoClip.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMillisecondNs = 1'000'000;  // Matroska keeps timestamps in milliseconds

// The demo clip through the live path with a recording of it, as the window does it.
struct RecordedLiveRun {
  InferenceStage stage{loadModelCards(test::bundledModels()), {}, Mode::Ercp};
  std::mutex mutex;
  std::vector<InferenceResult> shown;  // every result the live view got
  std::atomic<int> displayed{0};
  std::atomic<bool> ended{false};
  std::unique_ptr<Recording> recording;
  std::unique_ptr<LiveSession> session;

  explicit RecordedLiveRun(const fs::path& folder) {
    recording = std::make_unique<Recording>(RecordingOptions{folder, Mode::Ercp, SourceKind::File, {}},
                                            [](const std::string&) {});
    LiveSessionCallbacks callbacks;
    callbacks.onDisplayFrame = [this](const Frame& frame) {
      recording->addFrame(frame, session->source().nominalFps());
      ++displayed;
    };
    callbacks.onResult = [this](InferenceResult result) {
      recording->addResult(result);
      const std::lock_guard lock(mutex);
      shown.push_back(std::move(result));
    };
    callbacks.onEnd = [this] { ended = true; };
    session = std::make_unique<LiveSession>(SourceSpec::parse(test::ercpDemoClip().string()), &stage, callbacks);
    session->start();
  }

  void stop() {
    session->stop();
    recording->stop();
  }
};

// Frame i of a recording sits at i source frame periods from its start.
void verifyEvenlySpaced(const std::vector<std::int64_t>& pts, const std::vector<std::int64_t>& source) {
  for (std::size_t i = 0; i < pts.size(); ++i)
    QVERIFY2(std::abs(pts[i] - (source[i] - source[0])) <= kMillisecondNs,
             qPrintable(QStringLiteral("frame %1 at %2 ns, source %3 ns").arg(i).arg(pts[i]).arg(source[i] - source[0])));
}

}  // namespace

class RecordingTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return fs::path(scratch_.path().toStdString()) / QTest::currentTestFunction(); }

 private Q_SLOTS:
  void recordingOfTheLiveViewReplaysFrameForFrame() {
    RecordedLiveRun run(dir());
    QTRY_VERIFY_WITH_TIMEOUT(run.ended.load(), 60'000);
    run.stop();
    const Recording& recording = *run.recording;
    QVERIFY2(recording.failure().empty(), recording.failure().c_str());

    const std::vector<std::int64_t> source = test::decodeTimestamps(test::ercpDemoClip());
    const std::vector<std::int64_t> recorded = test::decodeTimestamps(recording.videoPath());
    QCOMPARE(recorded.size(), source.size());
    QCOMPARE(recording.framesDropped(), std::int64_t{0});
    verifyEvenlySpaced(recorded, source);
    ReplaySource replay(recording.videoPath(), {}, {});
    QCOMPARE(replay.frameCount(), static_cast<std::int64_t>(source.size()));
    const Frame middle = replay.seek(300);
    QCOMPARE(middle.index, std::int64_t{300});
    QVERIFY(std::abs(middle.ptsNs - recorded[300]) <= kMillisecondNs);

    const SidecarFile sidecar = SidecarFile::load(recording.sidecarPath());
    QVERIFY2(sidecar.damage.empty(), sidecar.damage.c_str());
    QVERIFY(sidecar.header.mode == Mode::Ercp);
    QCOMPARE(sidecar.header.video, recording.videoPath().filename().string());
    QCOMPARE(sidecar.header.procedureId.size(), std::size_t{32});
    QVERIFY2(test::readText(recording.sidecarPath()).find("ercp_demo") == std::string::npos,
             "the sidecar names the source file");
    const std::lock_guard lock(run.mutex);
    QVERIFY(run.shown.size() > 300);
    QCOMPARE(sidecar.results.size(), run.shown.size());
    for (std::size_t i = 0; i < run.shown.size(); ++i) {
      const InferenceResult& live = run.shown[i];
      nlohmann::json expected = resultToJson(live);
      const nlohmann::json line = resultToJson(sidecar.results[i]);
      QCOMPARE(sidecar.results[i].frameIndex, live.frameIndex);
      QVERIFY(std::abs(sidecar.results[i].ptsNs - recorded.at(live.frameIndex)) <= kMillisecondNs);
      for (const char* key : {"box", "score", "shown_box", "shown_centroid", "difficulty", "warning", "models"})
        QVERIFY2(line.at(key) == expected.at(key), qPrintable(QStringLiteral("frame %1: %2").arg(live.frameIndex).arg(key)));
    }

    // The clip's papilla comes into view and leaves it again: the timeline has both.
    const std::vector<RecordingEvent> events = findEvents(sidecar.results);
    const auto count = [&](EventKind kind) {
      return std::count_if(events.begin(), events.end(), [&](const RecordingEvent& e) { return e.kind == kind; });
    };
    QVERIFY(count(EventKind::AmpullaSeen) >= 1);
    QVERIFY(count(EventKind::AmpullaLost) >= 1);
  }

  void fullDiskStopsTheRecordingButNotTheLiveView() {
    const fs::path small = dir();
    fs::create_directories(small);
    if (std::system(("mount -t tmpfs -o size=600k tmpfs '" + small.string() + "' 2>/dev/null").c_str()) != 0)
      QSKIP("mounting a 600 KiB tmpfs needs root; run the tests as root to cover a full disk");
    const auto unmount = qScopeGuard([&] { std::system(("umount '" + small.string() + "'").c_str()); });

    RecordedLiveRun run(small);
    QTRY_VERIFY_WITH_TIMEOUT(!run.recording->failure().empty(), 30'000);
    const int displayedAtFailure = run.displayed;
    QTRY_VERIFY_WITH_TIMEOUT(run.displayed > displayedAtFailure + 25, 5'000);
    run.stop();
    const QString failure = QString::fromStdString(run.recording->failure());
    QVERIFY2(failure.startsWith("recording stopped: ") && (failure.contains("No space left") || failure.contains("disk full")),
             qPrintable(failure));

    const std::vector<std::int64_t> recorded = test::decodeTimestamps(run.recording->videoPath());
    QVERIFY2(recorded.size() >= 25, qPrintable(QStringLiteral("%1 frames play").arg(recorded.size())));
    verifyEvenlySpaced(recorded, test::decodeTimestamps(test::ercpDemoClip()));
    QVERIFY(!SidecarFile::load(run.recording->sidecarPath()).results.empty());
  }
};

QTEST_GUILESS_MAIN(RecordingTest)
#include "RecordingTest.moc"
