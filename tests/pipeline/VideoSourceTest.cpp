#include <QtTest>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "pipeline/VideoSource.h"
#include "support/StraightDecode.h"
#include "support/TestFiles.h"

using namespace endoverlay;

namespace {

// What a source delivered, collected from GStreamer's threads.
struct Delivery {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::int64_t> indices;
  std::vector<std::int64_t> pts;
  cv::Size size;
  bool ended = false;
  std::optional<SourceError> error;

  VideoSourceCallbacks callbacks() {
    VideoSourceCallbacks c;
    c.onFrame = [this](Frame frame) {
      const std::lock_guard lock(mutex);
      indices.push_back(frame.index);
      pts.push_back(frame.ptsNs);
      size = frame.size();
      changed.notify_all();
    };
    c.onEnd = [this] {
      const std::lock_guard lock(mutex);
      ended = true;
      changed.notify_all();
    };
    c.onError = [this](const SourceError& e) {
      const std::lock_guard lock(mutex);
      error = e;
      changed.notify_all();
    };
    return c;
  }

  template <typename Done>
  bool waitFor(Done done, std::chrono::seconds limit = std::chrono::seconds(60)) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, limit, done);
  }
};

template <typename Parse>
std::optional<SourceError> parseFailure(Parse parse) {
  try {
    parse();
  } catch (const SourceError& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

class VideoSourceTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void demoClipDeliversEveryFrameInOrder() {
    Delivery delivery;
    VideoSource source(SourceSpec::parse(test::ercpDemoClip().string()), Pacing::EveryFrame, delivery.callbacks());
    source.start();
    QVERIFY(delivery.waitFor([&] { return delivery.ended || delivery.error; }));
    source.stop();
    QVERIFY(!delivery.error);
    QCOMPARE(delivery.indices.size(), std::size_t{625});
    for (std::size_t i = 0; i < delivery.indices.size(); ++i) QCOMPARE(delivery.indices[i], static_cast<std::int64_t>(i));
    for (std::size_t i = 1; i < delivery.pts.size(); ++i) QVERIFY(delivery.pts[i] > delivery.pts[i - 1]);
    QCOMPARE(delivery.pts.back() - delivery.pts.front(), std::int64_t{624} * 40'000'000);
    QCOMPARE(delivery.size, cv::Size(640, 480));
    QCOMPARE(source.nominalFps(), 25.0);
    QCOMPARE(source.framesDropped(), std::int64_t{0});
  }

  // The display and the recorder get the decoder's own pixels: every live
  // frame's planes are those of a straight decode, byte for byte, at the demo
  // clip's size and at 1080p.
  void liveFramesAreTheDecodersPixelsUnchanged_data() {
    QTest::addColumn<QString>("clip");
    QTest::newRow("demo clip") << QString::fromStdString(test::ercpDemoClip().string());
    QTest::newRow("1080p60") << QStringLiteral(ENDOVERLAY_TOWER_CLIPS "/ercp_1080p60.mp4");
  }

  void liveFramesAreTheDecodersPixelsUnchanged() {
    QFETCH(QString, clip);
    const std::set<std::int64_t> wanted{0, 1, 150, 299};
    const auto straight = test::decodeStraight(clip.toStdString(), "I420", wanted);
    QCOMPARE(straight.size(), wanted.size());
    std::map<std::int64_t, Frame> live;
    std::mutex mutex;
    VideoSourceCallbacks callbacks;
    std::atomic<bool> done{false};
    callbacks.onFrame = [&](Frame frame) {
      const std::lock_guard lock(mutex);
      if (wanted.count(frame.index)) live[frame.index] = frame;
      if (frame.index >= *wanted.rbegin()) done = true;
    };
    VideoSource source(SourceSpec::parse(clip.toStdString()), Pacing::EveryFrame, callbacks);
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 60'000);
    source.stop();
    for (const auto& [index, reference] : straight) {
      const Frame& frame = live.at(index);
      QVERIFY2(frame.bgrx.empty() && !frame.i420.empty(), "a live frame is not in the decoder's I420");
      QCOMPARE(frame.i420.size(), reference.size());
      QCOMPARE(cv::norm(frame.i420, reference, cv::NORM_INF), 0.0);
      QVERIFY((frame.yuv.matrix == YuvMatrix::Bt709) == (frame.size().height >= 720));
    }
  }

  void testPatternIsLive() {
    Delivery delivery;
    VideoSource source(SourceSpec::parse("test:"), Pacing::SourceRate, delivery.callbacks());
    source.start();
    QVERIFY(delivery.waitFor([&] { return delivery.indices.size() >= 5 || delivery.error; }, std::chrono::seconds(20)));
    source.stop();
    QVERIFY(!delivery.error);
    QCOMPARE(delivery.size, cv::Size(640, 480));
  }

  void missingFileIsAClearError() {
    const auto error = parseFailure([] { SourceSpec::parse("/no/such/clip.mp4"); });
    QVERIFY(error.has_value());
    QVERIFY(error->category() == SourceErrorCategory::NotFound);
    QVERIFY(std::string(error->what()).find("/no/such/clip.mp4 does not exist") != std::string::npos);
  }

  void unpluggedCameraIsAClearError() {
    const auto error = parseFailure([] { SourceSpec::parse("v4l2:///dev/video97"); });
    QVERIFY(error.has_value());
    QVERIFY(error->category() == SourceErrorCategory::NotFound);
    QVERIFY(std::string(error->what()).find("camera /dev/video97 is not there") != std::string::npos);
    const auto malformed = parseFailure([] { SourceSpec::parse("v4l2://video0"); });
    QVERIFY(malformed.has_value() && malformed->category() == SourceErrorCategory::BadArgument);
  }

  // Logs and messages name the kind of source, never its path or address; shown names never show a password.
  void sourcesAreDescribedWithoutTheirNames() {
    const SourceSpec stream = SourceSpec::parse("rtsp://ward3:s3cret@10.1.2.3:8554/endo");
    QCOMPARE(stream.describe(), std::string("rtsp stream"));
    const std::string quoted = "Could not connect to rtsp://ward3:s3cret@10.1.2.3:8554/endo (10.1.2.3:8554/endo)";
    QCOMPARE(stream.redact(quoted), std::string("Could not connect to <rtsp stream> (10.1.2.3:8554/endo)"));
    const SourceSpec file = SourceSpec::parse("file:///srv/Doe_Jane_1970.mp4");
    QCOMPARE(file.describe(), std::string("file (mp4)"));
    const std::string redacted = file.redact("Could not open file \"/srv/Doe_Jane_1970.mp4\" (Doe_Jane_1970.mp4)");
    QVERIFY2(redacted.find("Doe_Jane") == std::string::npos, redacted.c_str());
    QCOMPARE(SourceSpec::parse("http://u:p/ss@host/x").describe(), std::string("http stream"));

    SourceSpec::showNames(true);
    const std::string shown = stream.describe() + " " + stream.redact(quoted);
    SourceSpec::showNames(false);
    QVERIFY2(shown.find("10.1.2.3:8554/endo") != std::string::npos && shown.find("s3cret") == std::string::npos, shown.c_str());
  }

  // A stream that never gave a frame is an error to report, not a drop to wait out.
  void streamThatNeverStartsIsReportedNotRetried() {
    Delivery delivery;
    VideoSource source(SourceSpec::parse("rtsp://127.0.0.1:9/nothing-listens"), Pacing::SourceRate, delivery.callbacks());
    source.start();
    QVERIFY(delivery.waitFor([&] { return delivery.error.has_value(); }, std::chrono::seconds(20)));
    source.stop();
    QVERIFY2(std::string(delivery.error->what()).find("rtsp stream") == 0, delivery.error->what());
  }

  // An exception on GStreamer's streaming thread would end the app; it ends the stream, with a message, instead.
  void anExceptionWhileDeliveringIsReportedNotFatal() {
    Delivery delivery;
    VideoSourceCallbacks callbacks = delivery.callbacks();
    callbacks.onFrame = [](Frame frame) {
      if (frame.index == 5) throw std::runtime_error("out of memory for frame 5");
    };
    VideoSource source(SourceSpec::parse("test:"), Pacing::SourceRate, callbacks);
    source.start();
    QVERIFY(delivery.waitFor([&] { return delivery.error.has_value(); }, std::chrono::seconds(20)));
    source.stop();
    QVERIFY(delivery.error->category() == SourceErrorCategory::Fatal);
  }

  void missingUriFailsOnTheBusWithoutACrash() {
    Delivery delivery;
    VideoSource source(SourceSpec::parse("file:///no/such/clip.mp4"), Pacing::SourceRate, delivery.callbacks());
    source.start();
    QVERIFY(delivery.waitFor([&] { return delivery.error.has_value(); }, std::chrono::seconds(20)));
    source.stop();
    QVERIFY(delivery.error->category() == SourceErrorCategory::NotFound);
    // The message says what kind of source failed, never its name or address.
    const std::string message = delivery.error->what();
    QVERIFY2(message.find("file (mp4)") != std::string::npos && message.find("/no/such") == std::string::npos,
             delivery.error->what());
    QVERIFY(delivery.indices.empty());
  }

  void fileThatIsNotVideoFailsWithoutACrash() {
    Delivery delivery;
    VideoSource source(SourceSpec::parse((test::bundledModels() / "ercp-ampulla-demo.json").string()),
                       Pacing::EveryFrame, delivery.callbacks());
    source.start();
    QVERIFY(delivery.waitFor([&] { return delivery.error.has_value() || delivery.ended; }, std::chrono::seconds(20)));
    source.stop();
    QVERIFY(delivery.error.has_value());
    QVERIFY(delivery.indices.empty());
  }

  void invalidUriIsRefused() {
    const auto error = parseFailure([] { SourceSpec::parse("not a uri://x"); });
    QVERIFY(error.has_value() && error->category() == SourceErrorCategory::BadArgument);
  }
};

QTEST_APPLESS_MAIN(VideoSourceTest)
#include "VideoSourceTest.moc"
