#include <QtTest>

#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QVideoFrame>
#include <QVideoSink>

#include <atomic>
#include <utility>
#include <vector>

#include "support/StraightDecode.h"
#include "ui/FrameDisplayQueue.h"

using namespace endoverlay;

// The display's copy of a live frame: the decoder's I420 planes unchanged, with
// the colorimetry that makes the screen show the colours a straight decode gives;
// and how frames wait for the screen.
class FrameDisplayQueueTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void i420FramesReachTheDisplayUnchanged() {
    const std::string clip = ENDOVERLAY_TOWER_CLIPS "/ercp_1080p60.mp4";
    const cv::Mat i420 = test::decodeStraight(clip, "I420", {300}).at(300);
    const cv::Mat bgrx = test::decodeStraight(clip, "BGRx", {300}).at(300);
    Frame frame;
    frame.index = 300;
    frame.i420 = i420;
    frame.yuv = {YuvMatrix::Bt709, false};

    QObject context;
    std::optional<FrameDisplayQueue::Shown> shown;
    FrameDisplayQueue queue(&context, [&](FrameDisplayQueue::Shown s) { shown = std::move(s); });
    queue.push(frame);
    QTRY_VERIFY(shown.has_value());
    QVideoFrame video = shown->video;
    QCOMPARE(video.pixelFormat(), QVideoFrameFormat::Format_YUV420P);
    QCOMPARE(video.size(), QSize(1920, 1080));
    QVERIFY(video.surfaceFormat().colorSpace() == QVideoFrameFormat::ColorSpace_BT709);
    QVERIFY(video.surfaceFormat().colorRange() == QVideoFrameFormat::ColorRange_Video);

    QVERIFY(video.map(QVideoFrame::ReadOnly));
    const std::uint8_t* expected = i420.data;
    for (int plane = 0; plane < 3; ++plane) {
      const int width = plane == 0 ? 1920 : 960;
      const int rows = plane == 0 ? 1080 : 540;
      for (int row = 0; row < rows; ++row, expected += width)
        QVERIFY(std::memcmp(video.bits(plane) + static_cast<qsizetype>(row) * video.bytesPerLine(plane), expected,
                            static_cast<std::size_t>(width)) == 0);
    }
    video.unmap();

    // Converted as the screen converts it (on the GPU, under Xvfb), the picture has a straight decode's
    // colours: about 3 levels apart on this clip, where the GPU interpolates chroma that the straight decode
    // repeats; the BT.601 matrix instead of BT.709 puts them about 12 apart.
    const QImage image = video.toImage().convertToFormat(QImage::Format_RGB32);
    double difference = 0;
    for (int y = 0; y < 1080; y += 7)
      for (int x = 0; x < 1920; x += 7) {
        const QRgb p = image.pixel(x, y);
        const cv::Vec4b& q = bgrx.at<cv::Vec4b>(y, x);
        difference += std::abs(qBlue(p) - q[0]) + std::abs(qGreen(p) - q[1]) + std::abs(qRed(p) - q[2]);
      }
    const double mean = difference / (3.0 * (1080 / 7 + 1) * (1920 / 7 + 1));
    QVERIFY2(mean < 5.0, qPrintable(QStringLiteral("mean difference %1 per channel").arg(mean)));
  }

  // A window paces the queue: frames pushed faster than it renders still reach the screen one per render,
  // in order, and no more than kMostWaiting wait, a newer one dropping the oldest.
  void inAWindowFramesReachTheScreenOnePerRender() {
    QQuickWindow window;
    window.resize(320, 240);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    std::atomic<int> syncs{0};
    connect(&window, &QQuickWindow::beforeSynchronizing, &window, [&] { ++syncs; }, Qt::DirectConnection);
    std::vector<std::pair<std::int64_t, int>> shown;  // frame index, syncs so far
    QObject context;
    FrameDisplayQueue queue(&context, [&](FrameDisplayQueue::Shown s) { shown.emplace_back(s.index, syncs.load()); });
    queue.paceBy(&window);
    QVERIFY(queue.paced());

    for (std::int64_t index = 0; index < 3; ++index) queue.push(smallFrame(index));
    QTRY_COMPARE(shown.size(), std::size_t{2});
    QCOMPARE(shown[0].first, std::int64_t{1});
    QCOMPARE(shown[1].first, std::int64_t{2});
    QVERIFY2(shown[1].second > shown[0].second, "both frames went into the same render");
    QTest::qWait(200);
    QCOMPARE(shown.size(), std::size_t{2});
  }

  // Offscreen nothing paces the queue: the newest frame wins.
  void withoutAWindowTheNewestFrameWins() {
    QObject context;
    std::vector<std::int64_t> shown;
    FrameDisplayQueue queue(&context, [&](FrameDisplayQueue::Shown s) { shown.push_back(s.index); });
    QVERIFY(!queue.paced());
    for (std::int64_t index = 0; index < 3; ++index) queue.push(smallFrame(index));
    QTRY_COMPARE(shown.size(), std::size_t{1});
    QCOMPARE(shown.front(), std::int64_t{2});
    QTest::qWait(100);
    QCOMPARE(shown.size(), std::size_t{1});
  }

  // The controllers find the window to pace by through VideoOutput's sink.
  void aVideoOutputsSinkLeadsToItsWindow() {
    QQmlApplicationEngine engine;
    engine.loadData("import QtQuick\nimport QtQuick.Window\nimport QtMultimedia\n"
                    "Window { visible: true; VideoOutput { objectName: 'video'; anchors.fill: parent } }");
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
    QVERIFY(window);
    auto* video = window->findChild<QObject*>(QStringLiteral("video"));
    QVERIFY(video);
    QCOMPARE(windowShowing(video->property("videoSink").value<QVideoSink*>()), window);
    QVideoSink bare;
    QCOMPARE(windowShowing(&bare), static_cast<QQuickWindow*>(nullptr));
  }

 private:
  static Frame smallFrame(std::int64_t index) {
    Frame frame;
    frame.index = index;
    frame.i420 = cv::Mat(48 * 3 / 2, 64, CV_8UC1, cv::Scalar(static_cast<int>(index) * 40));
    return frame;
  }
};

QTEST_MAIN(FrameDisplayQueueTest)
#include "FrameDisplayQueueTest.moc"
