#include <QtTest>

#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "pipeline/OfflinePlayback.h"
#include "pipeline/ReplaySource.h"
#include "pipeline/SourceError.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kDemoFrames = 625;

// The demo clip's frames at `indices`, decoded straight through from the start.
std::map<std::int64_t, cv::Mat> decodedFrames(const std::set<std::int64_t>& indices) {
  std::map<std::int64_t, cv::Mat> frames;
  playEveryFrame(SourceSpec::parse(test::ercpDemoClip().string()), Picture::Whole, [&](Frame frame) {
    if (indices.count(frame.index)) frames[frame.index] = frame.bgrx;
    return frame.index < *indices.rbegin() ? Playback::Continue : Playback::Stop;
  });
  return frames;
}

bool samePixels(const cv::Mat& a, const cv::Mat& b) { return a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0; }

}  // namespace

class ReplaySourceTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void seekAndStepLandOnExactFrames() {
    const std::set<std::int64_t> wanted = {0, 1, 299, 300, 301, 512, 624};
    const auto reference = decodedFrames(wanted);
    ReplaySource replay(test::ercpDemoClip(), {}, {});
    QCOMPARE(replay.fps(), 25.0);
    QCOMPARE(replay.frameCount(), kDemoFrames);
    QCOMPARE(replay.currentFrame(), std::int64_t{0});
    for (std::int64_t index : {512, 1, 624, 0}) {
      const Frame frame = replay.seek(index);
      QCOMPARE(frame.index, index);
      QVERIFY2(samePixels(frame.bgrx, reference.at(index)), qPrintable(QStringLiteral("frame %1").arg(index)));
    }
    QCOMPARE(replay.seek(5000).index, kDemoFrames - 1);  // past the end: the last frame
    QCOMPARE(replay.seek(-3).index, std::int64_t{0});
    replay.seek(300);
    for (const auto& [step, expected] : std::vector<std::pair<int, std::int64_t>>{{1, 301}, {-1, 300}, {-1, 299}}) {
      const Frame frame = replay.step(step);
      QCOMPARE(frame.index, expected);
      QVERIFY2(samePixels(frame.bgrx, reference.at(expected)), qPrintable(QStringLiteral("frame %1").arg(expected)));
      QCOMPARE(replay.currentFrame(), expected);
    }
  }

  void playsAtTheRateAskedAndPausesOnAFrame() {
    std::mutex mutex;
    std::vector<std::int64_t> delivered;
    ReplaySource replay(
        test::ercpDemoClip(),
        [&](Frame frame) {
          const std::lock_guard lock(mutex);
          delivered.push_back(frame.index);
        },
        {});
    replay.seek(100);
    replay.play(2.0);
    QTest::qWait(1000);
    const Frame paused = replay.pause();
    std::vector<std::int64_t> fast;
    {
      const std::lock_guard lock(mutex);
      fast.swap(delivered);
    }
    QVERIFY2(fast.size() >= 35 && fast.size() <= 65, qPrintable(QStringLiteral("%1 frames in 1 s at 2x").arg(fast.size())));
    QVERIFY(fast.front() >= 100 && fast.front() <= 102);
    for (std::size_t i = 1; i < fast.size(); ++i) QCOMPARE(fast[i], fast[i - 1] + 1);
    QVERIFY(!replay.playing());
    QVERIFY(std::abs(paused.index - fast.back()) <= 1);

    replay.play(0.5);
    QTest::qWait(1000);
    replay.pause();
    const std::lock_guard lock(mutex);
    QVERIFY2(delivered.size() >= 8 && delivered.size() <= 17,
             qPrintable(QStringLiteral("%1 frames in 1 s at 0.5x").arg(delivered.size())));
  }

  void theEndIsReported() {
    std::atomic<bool> ended{false};
    std::string problem = "not called";
    ReplaySource replay(test::ercpDemoClip(), {}, [&](const std::string& p) {
      problem = p;
      ended = true;
    });
    replay.seek(kDemoFrames - 20);
    replay.play(4.0);
    QTRY_VERIFY_WITH_TIMEOUT(ended.load(), 5000);
    QCOMPARE(problem, std::string());
    QVERIFY(!replay.playing());
    QCOMPARE(replay.currentFrame(), kDemoFrames - 1);
  }

  void missingOrNonVideoFileIsRefused() {
    try {
      ReplaySource replay("/no/such/recording.mkv", {}, {});
      QFAIL("a missing file opened");
    } catch (const SourceError& e) {
      QVERIFY(e.category() == SourceErrorCategory::NotFound);
      QVERIFY2(QString(e.what()).contains("the file (mkv) does not exist"), e.what());
    }
    QTemporaryDir dir;
    const fs::path text = fs::path(dir.path().toStdString()) / "notes.mkv";
    test::writeText(text, "these are notes, not a video\n");
    try {
      ReplaySource replay(text, {}, {});
      QFAIL("a text file opened as video");
    } catch (const SourceError& e) {
      QVERIFY2(QString(e.what()).contains("the file (mkv) cannot be replayed") && !QString(e.what()).contains("notes"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(ReplaySourceTest)
#include "ReplaySourceTest.moc"
