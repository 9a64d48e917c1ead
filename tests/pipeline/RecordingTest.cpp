#include <QtTest>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/analysis/InferenceStage.h"
#include "core/model/ModelDirectory.h"
#include "core/recording/RecordingEvents.h"
#include "core/recording/ResultJson.h"
#include "core/recording/SidecarFile.h"
#include "pipeline/LiveSession.h"
#include "pipeline/Recording.h"
#include "pipeline/ReplaySource.h"
#include "support/DemoClip.h"
#include "support/StraightDecode.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMillisecondNs = 1'000'000;  // Matroska keeps timestamps in milliseconds

// The demo clip through the live path with a recording of it, as the window does it.
struct RecordedLiveRun {
  InferenceStage stage{test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ercp"};
  std::mutex mutex;
  std::vector<InferenceResult> shown;  // every result the live view got
  std::atomic<int> displayed{0};
  std::atomic<bool> ended{false};
  std::unique_ptr<Recording> recording;
  std::unique_ptr<LiveSession> session;

  explicit RecordedLiveRun(const fs::path& folder) {
    recording = std::make_unique<Recording>(RecordingOptions{folder, "ercp", "ERCP", SourceKind::File, {}},
                                            [](const std::string&) {});
    LiveSessionCallbacks callbacks;
    callbacks.onDisplayFrame = [this](const Frame&) { ++displayed; };
    callbacks.onRecordFrame = [this](const Frame& frame) { recording->addFrame(frame, session->source().nominalFps()); };
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

// The grey level of the picture at `ptsNs`: it says which 40 ms step it is, through lossy encoding.
int greyAt(std::int64_t ptsNs) { return 20 + 5 * static_cast<int>((ptsNs / 40'000'000) % 40); }

Frame syntheticFrame(std::int64_t index, std::int64_t ptsNs, cv::Size size) {
  Frame frame;
  frame.index = index;
  frame.ptsNs = ptsNs;
  frame.arrival = std::chrono::steady_clock::now();
  const int grey = greyAt(ptsNs);
  frame.bgrx = cv::Mat(size, CV_8UC4, cv::Scalar(grey, grey, grey, 255));
  return frame;
}

int greyOf(const Frame& frame) { return frame.bgrx.at<cv::Vec4b>(frame.bgrx.rows / 2, frame.bgrx.cols / 2)[0]; }

// Feeds a recording the frames at `pts` (40 ms steps unless some are missing), each with a result, as the live
// view would; returns the recording, stopped.
std::unique_ptr<Recording> recordFrames(const fs::path& folder, cv::Size size, double fps, const std::vector<std::int64_t>& pts,
                                        std::string* failure = nullptr) {
  auto recording = std::make_unique<Recording>(RecordingOptions{folder, "eus", "EUS", SourceKind::V4l2, {}},
                                               [failure](const std::string& reason) { if (failure) *failure = reason; });
  // Frames come at their times, as from a live source: the recorder drops what an encoder a second behind cannot take.
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < pts.size(); ++i) {
    std::this_thread::sleep_until(start + std::chrono::nanoseconds(pts[i] - pts.front()));
    recording->addFrame(syntheticFrame(static_cast<std::int64_t>(i), pts[i], size), fps);
    InferenceResult result;
    result.protocolId = "eus";
    result.heads.emplace_back();
    result.heads.back().id = "cyst_type";
    result.heads.back().kind = HeadKind::Classifier;
    result.heads.back().readout = ReadoutKind::ClassBadge;
    result.heads.back().model = {"eus-cyst-demo", "1.0.0", std::string(64, 'a'), {}};
    result.frameIndex = static_cast<std::int64_t>(i);
    result.ptsNs = pts[i];
    recording->addResult(result);
  }
  recording->stop();
  return recording;
}

std::vector<std::int64_t> everyFrame(int count, std::set<int> missing = {}) {
  std::vector<std::int64_t> pts;
  for (int i = 0; i < count; ++i)
    if (!missing.count(i)) pts.push_back(i * 40'000'000LL);
  return pts;
}

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
    // The recorder took the decoder's own frames: the recording's frame looks like a straight decode's, to
    // within what H.264 at a tenth of a bit per pixel loses, and keeps its colours.
    cv::Mat recordedPicture;
    cv::Mat straightPicture;
    cv::cvtColor(middle.bgrx, recordedPicture, cv::COLOR_BGRA2BGR);
    cv::cvtColor(test::decodeStraight(test::ercpDemoClip(), "BGRx", {300}).at(300), straightPicture, cv::COLOR_BGRA2BGR);
    const double psnr = cv::PSNR(recordedPicture, straightPicture);
    QVERIFY2(psnr > 30, qPrintable(QStringLiteral("PSNR %1 dB against a straight decode").arg(psnr)));
    const cv::Scalar colourShift = cv::mean(recordedPicture) - cv::mean(straightPicture);
    for (int channel = 0; channel < 3; ++channel)
      QVERIFY2(std::abs(colourShift[channel]) < 2.0, qPrintable(QStringLiteral("channel %1 moved by %2").arg(channel).arg(colourShift[channel])));

    const SidecarFile sidecar = SidecarFile::load(recording.sidecarPath());
    QVERIFY2(sidecar.damage.empty(), sidecar.damage.c_str());
    QCOMPARE(sidecar.header.protocolId, std::string("ercp"));
    QCOMPARE(sidecar.header.video, recording.videoPath().filename().string());
    QCOMPARE(sidecar.header.procedureId.size(), std::size_t{32});
    QVERIFY2(test::readText(recording.sidecarPath()).find("ercp_demo") == std::string::npos,
             "the sidecar names the source file");
    const std::lock_guard lock(run.mutex);
    // How many results the live view shows depends on how fast the machine is (on a busy one it skips more
    // frames); what is checked is that every one it showed was recorded, so only some are asked for.
    QVERIFY2(run.shown.size() > 50, qPrintable(QString::number(run.shown.size())));
    QCOMPARE(sidecar.results.size(), run.shown.size());
    for (std::size_t i = 0; i < run.shown.size(); ++i) {
      const InferenceResult& live = run.shown[i];
      nlohmann::json expected = resultToJson(live).at("heads");
      nlohmann::json heads = resultToJson(sidecar.results[i]).at("heads");
      QCOMPARE(sidecar.results[i].frameIndex, live.frameIndex);
      QVERIFY(std::abs(sidecar.results[i].ptsNs - recorded.at(live.frameIndex)) <= kMillisecondNs);
      // Every head's numbers and readout come back; "shown" is this frame's score against a display
      // threshold, which lines do not keep.
      for (auto* list : {&expected, &heads})
        for (auto& head : *list) head.erase("shown");
      QVERIFY2(heads == expected, qPrintable(QStringLiteral("frame %1: %2 against %3")
                                                 .arg(live.frameIndex)
                                                 .arg(QString::fromStdString(heads.dump()), QString::fromStdString(expected.dump()))));
    }

    // The clip's papilla comes into view and leaves it again: the timeline has both.
    const std::vector<RecordingEvent> events = findEvents(sidecar.results);
    const auto count = [&](EventKind kind) {
      return std::count_if(events.begin(), events.end(), [&](const RecordingEvent& e) { return e.kind == kind; });
    };
    QVERIFY(count(EventKind::DetectionSeen) >= 1);
    QVERIFY(count(EventKind::DetectionLost) >= 1);
  }

  void oddPictureSizeIsRecordedAndReplayed() {
    const auto recording = recordFrames(dir(), {641, 481}, 25, everyFrame(50));
    QVERIFY2(recording->failure().empty(), recording->failure().c_str());
    ReplaySource replay(recording->videoPath(), {}, {});
    QCOMPARE(replay.frameCount(), std::int64_t{50});
    const Frame frame = replay.seek(30);
    QCOMPARE(frame.index, std::int64_t{30});
    QCOMPARE(frame.bgrx.size(), cv::Size(642, 482));  // one black column and row where 4:2:0 needs them
    QVERIFY2(std::abs(greyOf(frame) - greyAt(30 * 40'000'000LL)) <= 4, qPrintable(QString::number(greyOf(frame))));
    QCOMPARE(frame.bgrx.at<cv::Vec4b>(100, 641)[1], 0);
  }

  // The source skipped frames 5, 6 and 20: the sidecar and replay still number every frame alike.
  void sidecarAndReplayAgreeWhereTheSourceDroppedFrames() {
    const auto recording = recordFrames(dir(), {320, 240}, 25, everyFrame(24, {5, 6, 20}));
    QVERIFY2(recording->failure().empty(), recording->failure().c_str());
    const SidecarFile sidecar = SidecarFile::load(recording->sidecarPath());
    QVERIFY2(sidecar.damage.empty(), sidecar.damage.c_str());
    QCOMPARE(sidecar.results.size(), std::size_t{21});
    ReplaySource replay(recording->videoPath(), {}, {});
    for (const InferenceResult& result : sidecar.results) {
      const Frame frame = replay.seek(result.frameIndex);
      QCOMPARE(frame.index, result.frameIndex);
      // The frame shown is the one the result was computed on.
      QVERIFY2(std::abs(greyOf(frame) - greyAt(result.ptsNs)) <= 4,
               qPrintable(QStringLiteral("frame %1: grey %2").arg(result.frameIndex).arg(greyOf(frame))));
    }
    QCOMPARE(sidecar.results[5].frameIndex, std::int64_t{7});  // the sixth frame delivered was the source's eighth
    // Where the source had no frame, replay shows the one before, as the screen did.
    const Frame hole = replay.seek(6);
    QCOMPARE(hole.index, std::int64_t{4});
    QVERIFY(std::abs(greyOf(hole) - greyAt(4 * 40'000'000LL)) <= 4);
  }

  void sourceWithoutAFrameRateIsTimedByItsFrames() {
    const auto recording = recordFrames(dir(), {320, 240}, 0, everyFrame(20));
    QVERIFY2(recording->failure().empty(), recording->failure().c_str());
    ReplaySource replay(recording->videoPath(), {}, {});
    QVERIFY2(std::abs(replay.fps() - 25.0) < 0.01, qPrintable(QString::number(replay.fps())));
    QCOMPARE(replay.frameCount(), std::int64_t{20});
    QCOMPARE(replay.seek(12).index, std::int64_t{12});
    const SidecarFile sidecar = SidecarFile::load(recording->sidecarPath());
    QCOMPARE(sidecar.results.back().frameIndex, std::int64_t{19});
  }

  void pictureSizeChangeStopsTheRecordingWithAMessage() {
    std::string failure;
    auto recording = std::make_unique<Recording>(RecordingOptions{dir(), "eus", "EUS", SourceKind::V4l2, {}},
                                                 [&](const std::string& reason) { failure = reason; });
    for (int i = 0; i < 10; ++i) recording->addFrame(syntheticFrame(i, i * 40'000'000LL, {640, 480}), 25);
    recording->addFrame(syntheticFrame(10, 400'000'000LL, {1280, 720}), 25);
    QVERIFY2(QString::fromStdString(failure).contains("changed its picture from 640x480 to 1280x720"), failure.c_str());
    recording->stop();
    QCOMPARE(ReplaySource(recording->videoPath(), {}, {}).frameCount(), std::int64_t{10});
  }

  void recordingsStartedTogetherNeverCollide() {
    const fs::path folder = dir();
    const RecordingOptions options{folder, "eus", "EUS", SourceKind::V4l2, "same-procedure"};
    Recording first(options, {});
    const std::string firstHeader = test::readText(first.sidecarPath());
    Recording second(options, {});
    QVERIFY(second.sidecarPath() != first.sidecarPath() && second.videoPath() != first.videoPath());
    QVERIFY2(second.videoPath().filename().string().find("-2.mkv") != std::string::npos, second.videoPath().c_str());
    QCOMPARE(test::readText(first.sidecarPath()), firstHeader);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, Recording(RecordingOptions{folder, "eus", "EUS", SourceKind::V4l2, "../up"}, {}));
  }

  void removedFolderStopsTheRecordingWithAMessage() {
    const fs::path folder = dir() / "recordings";
    RecordedLiveRun run(folder);
    QTRY_VERIFY_WITH_TIMEOUT(run.recording->framesRecorded() > 25, 20'000);
    fs::remove_all(folder);
    QTRY_VERIFY_WITH_TIMEOUT(!run.recording->failure().empty(), 5'000);
    QVERIFY2(QString::fromStdString(run.recording->failure()).contains("removed or moved away"), run.recording->failure().c_str());
    const int displayed = run.displayed;
    QTRY_VERIFY_WITH_TIMEOUT(run.displayed > displayed + 10, 5'000);  // the live view goes on
    run.stop();
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
