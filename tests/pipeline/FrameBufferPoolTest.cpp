#include <QtTest>

#include <set>
#include <thread>
#include <vector>

#include "pipeline/FrameBufferPool.h"

using namespace endoverlay;

class FrameBufferPoolTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // A steady stream whose frames are let go reuses the same few buffers: no allocation per frame.
  void releasedBuffersAreUsedAgain() {
    FrameBufferPool pool;
    std::set<const std::uint8_t*> seen;
    for (int i = 0; i < 100; ++i) {
      cv::Mat frame = pool.take(1620, 1920, CV_8UC1);
      seen.insert(frame.data);
    }
    QCOMPARE(seen.size(), std::size_t{1});
  }

  // A buffer still held by the display, the recorder or inference is never written over.
  void heldBuffersAreNeverHandedOut() {
    FrameBufferPool pool;
    std::vector<cv::Mat> held;
    for (std::size_t i = 0; i < FrameBufferPool::kPooled + 4; ++i) {
      held.push_back(pool.take(48, 64, CV_8UC4));
      held.back().setTo(cv::Scalar::all(double(i)));
    }
    for (std::size_t i = 0; i < held.size(); ++i)
      for (std::size_t j = i + 1; j < held.size(); ++j) QVERIFY(held[i].data != held[j].data);
    for (std::size_t i = 0; i < held.size(); ++i) QCOMPARE(held[i].at<cv::Vec4b>(0, 0)[0], std::uint8_t(i));
  }

  // Let go on another thread (the GUI's, the worker's), a buffer comes back.
  void buffersLetGoOnAnotherThreadComeBack() {
    FrameBufferPool pool;
    cv::Mat frame = pool.take(48, 64, CV_8UC4);
    const std::uint8_t* data = frame.data;
    std::thread other([held = std::move(frame)]() mutable { held.release(); });
    other.join();
    QCOMPARE(pool.take(48, 64, CV_8UC4).data, data);
  }

  // Another picture size (a source that changed its signal) gets buffers of its size.
  void anotherSizeGetsItsOwnBuffers() {
    FrameBufferPool pool;
    QCOMPARE(pool.take(48, 64, CV_8UC4).size(), cv::Size(64, 48));
    const cv::Mat bigger = pool.take(96, 128, CV_8UC4);
    QCOMPARE(bigger.size(), cv::Size(128, 96));
    QCOMPARE(bigger.type(), CV_8UC4);
  }
};

QTEST_APPLESS_MAIN(FrameBufferPoolTest)
#include "FrameBufferPoolTest.moc"
