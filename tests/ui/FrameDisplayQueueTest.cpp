#include <QtTest>

#include <QVideoFrame>

#include "support/StraightDecode.h"
#include "ui/FrameDisplayQueue.h"

using namespace endoverlay;

// The display's copy of a live frame: the decoder's I420 planes unchanged, with
// the colorimetry that makes the screen show the colours a straight decode gives.
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

    // Converted as the screen converts it, the picture has a straight decode's colours.
    const QImage image = video.toImage().convertToFormat(QImage::Format_RGB32);
    double difference = 0;
    for (int y = 0; y < 1080; y += 7)
      for (int x = 0; x < 1920; x += 7) {
        const QRgb p = image.pixel(x, y);
        const cv::Vec4b& q = bgrx.at<cv::Vec4b>(y, x);
        difference += std::abs(qBlue(p) - q[0]) + std::abs(qGreen(p) - q[1]) + std::abs(qRed(p) - q[2]);
      }
    const double mean = difference / (3.0 * (1080 / 7 + 1) * (1920 / 7 + 1));
    QVERIFY2(mean < 3.0, qPrintable(QStringLiteral("mean difference %1 per channel").arg(mean)));
  }
};

QTEST_MAIN(FrameDisplayQueueTest)
#include "FrameDisplayQueueTest.moc"
