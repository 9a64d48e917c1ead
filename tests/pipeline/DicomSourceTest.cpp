#include <QtTest>

#include <atomic>
#include <mutex>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "pipeline/OfflinePlayback.h"
#include "pipeline/ReplaySource.h"
#include "pipeline/SourceError.h"
#include "pipeline/SourceSpec.h"
#include "support/DicomTestFiles.h"

using namespace endoverlay;

namespace {

// A BGRx frame as the reference's layout: grey or RGB.
cv::Mat asReference(const cv::Mat& bgrx, bool colour) {
  cv::Mat out;
  cv::cvtColor(bgrx, out, colour ? cv::COLOR_BGRA2RGB : cv::COLOR_BGRA2GRAY);
  return out;
}

}  // namespace

class DicomSourceTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aDicomFileIsADicomSourceByItsContentOrName() {
    const auto& files = test::dicomTestFiles();
    QVERIFY(SourceSpec::parse(files.named("mono8_cine").path.string()).kind == SourceKind::Dicom);
    const auto notDicom = files.broken.at(2).path;
    QVERIFY(SourceSpec::parse(notDicom.string()).kind == SourceKind::Dicom);  // .dcm: refused as DICOM, below
    const auto spec = SourceSpec::parse(files.named("DOE_JANE_PID8675309").path.string());
    QCOMPARE(spec.describe(), std::string("DICOM file"));
    QVERIFY(spec.redact("cannot open " + spec.location).find("DOE_JANE") == std::string::npos);
  }

  // Analysis and export decode every frame through the live path's pipeline, at the file's own size.
  void everyFramePlaysThroughTheVideoPipeline() {
    for (const char* name : {"mono8_cine", "rgb_jpeg_baseline", "mono16_rle"}) {
      const auto& file = test::dicomTestFiles().named(name);
      std::vector<Frame> frames;
      playEveryFrame(SourceSpec::parse(file.path.string()), Picture::Whole, [&](Frame frame) {
        frames.push_back(std::move(frame));
        return Playback::Continue;
      });
      QCOMPARE(static_cast<int>(frames.size()), file.frames);
      for (int i = 0; i < file.frames; ++i) {
        QCOMPARE(frames[i].index, std::int64_t{i});
        QVERIFY(std::abs(frames[i].ptsNs - std::llround(i * 1e9 / file.fps)) < 1000);
        // Through limited-range I420 and back, as every video is: grey moves by rounding, colours also by the
        // chroma four pixels share (these test patterns are noise, sharper than any scan).
        const double difference = test::largestDifference(asReference(frames[i].bgrx, file.colour), file.reference(i));
        QVERIFY2(difference <= (file.colour ? 16 : 4), qPrintable(QStringLiteral("%1 frame %2: %3").arg(name).arg(i).arg(difference)));
      }
    }
  }

  // Replay lands on exact frames of a cine, steps both ways and plays to the end.
  void replaySeeksStepsAndPlaysACine() {
    const auto& file = test::dicomTestFiles().named("mono8_jpeg_lossless");
    std::mutex lock;
    std::vector<std::int64_t> played;
    std::atomic<bool> ended{false};
    ReplaySource replay(file.path, [&](Frame frame) {
      const std::lock_guard guard(lock);
      played.push_back(frame.index);
    }, [&](const std::string& problem) { ended = problem.empty(); });
    QCOMPARE(replay.fps(), file.fps);
    QCOMPARE(replay.frameCount(), std::int64_t{file.frames});
    for (std::int64_t index : {4, 1, 5, 0, 3}) {
      const Frame frame = replay.seek(index);
      QCOMPARE(frame.index, index);
      QCOMPARE(test::largestDifference(asReference(frame.bgrx, false), file.reference(static_cast<int>(index))), 0.0);
    }
    QCOMPARE(replay.step(1).index, std::int64_t{4});
    QCOMPARE(replay.step(-2).index, std::int64_t{2});
    QCOMPARE(replay.seek(99).index, std::int64_t{file.frames - 1});
    replay.seek(2);
    replay.play(4.0);
    QTRY_VERIFY_WITH_TIMEOUT(ended.load(), 5000);
    const std::lock_guard guard(lock);
    QCOMPARE(played, (std::vector<std::int64_t>{2, 3, 4, 5}));
  }

  void aColourStillOpensInReplay() {
    const auto& file = test::dicomTestFiles().named("img2dcm_jpeg");
    ReplaySource replay(file.path, {}, {});
    QCOMPARE(replay.frameCount(), std::int64_t{1});
    const Frame frame = replay.seek(0);
    QVERIFY(test::largestDifference(asReference(frame.bgrx, true), file.reference(0)) <= file.tolerance);
  }

  // A file that cannot be shown says why, in replay and in analysis, without its name.
  void brokenFilesSayWhy() {
    for (const auto& broken : test::dicomTestFiles().broken) {
      const QString name = QString::fromStdString(broken.path.filename().string());
      try {
        ReplaySource replay(broken.path, {}, {});
        QFAIL(qPrintable(name + " replays"));
      } catch (const SourceError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find(broken.reason) != std::string::npos, qPrintable(name + ": " + error.what()));
        QVERIFY2(message.find(broken.path.filename().string()) == std::string::npos, error.what());
      }
      try {
        playEveryFrame(SourceSpec::parse(broken.path.string()), Picture::Whole, [](Frame) { return Playback::Continue; });
        QFAIL(qPrintable(name + " plays"));
      } catch (const PlaybackError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find(broken.reason) != std::string::npos, qPrintable(name + ": " + error.what()));
        QVERIFY2(message.find(broken.path.filename().string()) == std::string::npos, error.what());
      }
    }
  }
};

QTEST_GUILESS_MAIN(DicomSourceTest)
#include "DicomSourceTest.moc"
