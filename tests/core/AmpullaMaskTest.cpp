#include <QtTest>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/analysis/AmpullaMask.h"

using namespace endoverlay;

namespace {

// The training label of Kim et al.: a Gaussian with sigma = half the box,
// sampled at pixel centres, peak `peak`.
cv::Mat softMask(const Box& box, cv::Size size, float peak = 1.0f) {
  cv::Mat mask(size, CV_32F);
  const double cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  for (int row = 0; row < size.height; ++row)
    for (int col = 0; col < size.width; ++col) {
      const double dx = (col + 0.5 - cx) / (box.width / 2), dy = (row + 0.5 - cy) / (box.height / 2);
      mask.at<float>(row, col) = static_cast<float>(peak * std::exp(-0.5 * (dx * dx + dy * dy)));
    }
  return mask;
}

}  // namespace

class AmpullaMaskTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void softMaskGivesBackItsBox() {
    // The box edge sits at exp(-1/2) = 0.607 of the peak, just above the 0.6
    // cut, so the pixel whose centre lies just outside the edge can make it
    // in: the box comes back to within one pixel on every side.
    const Box truth{200, 120, 160, 100};
    const auto detection = detectAmpulla(softMask(truth, {640, 480}), 0.6, {640, 480});
    QVERIFY(detection.has_value());
    QVERIFY(std::abs(detection->box.x - truth.x) <= 1);
    QVERIFY(std::abs(detection->box.y - truth.y) <= 1);
    QVERIFY(std::abs(detection->box.width - truth.width) <= 2);
    QVERIFY(std::abs(detection->box.height - truth.height) <= 2);
    QCOMPARE(detection->centroidX, detection->box.x + detection->box.width / 2);
    QVERIFY(std::abs(detection->centroidX - 280.0) <= 1);
    QVERIFY(std::abs(detection->centroidY - 170.0) <= 1);
    QVERIFY(std::abs(detection->score - 1.0) < 1e-3);
  }

  void weakMaskKeepsItsBoxAndReportsItsPeak() {
    const Box truth{40, 60, 80, 50};
    const auto detection = detectAmpulla(softMask(truth, {320, 240}, 0.3f), 0.6, {320, 240});
    QVERIFY(detection.has_value());
    QVERIFY(std::abs(detection->box.width - 80.0) <= 2);
    QVERIFY(std::abs(detection->box.height - 50.0) <= 2);
    QVERIFY(std::abs(detection->score - 0.3) < 1e-3);
  }

  void onlyTheRegionAroundThePeakIsBoxed() {
    cv::Mat mask = softMask({40, 40, 60, 60}, {320, 240});
    mask = cv::max(mask, softMask({200, 120, 80, 80}, {320, 240}, 0.95f));
    const auto detection = detectAmpulla(mask, 0.6, mask.size());
    QVERIFY(detection.has_value());
    QVERIFY(std::abs(detection->box.x - 40.0) <= 1);
    QVERIFY(std::abs(detection->box.width - 60.0) <= 2);
  }

  void emptyOrBrokenMaskFindsNothing() {
    QVERIFY(!detectAmpulla(cv::Mat::zeros(48, 64, CV_32F), 0.6, {640, 480}).has_value());
    QVERIFY(!detectAmpulla(cv::Mat(48, 64, CV_32F, cv::Scalar(std::nanf(""))), 0.6, {640, 480}).has_value());
  }

  void singleHotPixelIsAOnePixelBox() {
    cv::Mat mask = cv::Mat::zeros(48, 64, CV_32F);
    mask.at<float>(10, 20) = 0.9f;
    const auto detection = detectAmpulla(mask, 0.6, mask.size());
    QVERIFY(detection.has_value());
    QCOMPARE(detection->box.x, 20.0);
    QCOMPARE(detection->box.y, 10.0);
    QCOMPARE(detection->box.width, 1.0);
    QCOMPARE(detection->box.height, 1.0);
  }

  void lowResolutionMaskIsBoxedAtFrameScale() {
    // The demo model answers at a quarter of a 640x480 frame's resolution; its box comes back at frame scale.
    const Box truth{100, 80, 120, 96};
    const cv::Mat small = softMask({truth.x / 4, truth.y / 4, truth.width / 4, truth.height / 4}, {160, 120});
    const auto detection = detectAmpulla(small, 0.6, {640, 480});
    QVERIFY(detection.has_value());
    QVERIFY(std::abs(detection->box.x - truth.x) <= 4);
    QVERIFY(std::abs(detection->box.width - truth.width) <= 8);
    QVERIFY(std::abs(detection->box.height - truth.height) <= 8);
    QCOMPARE(detection->centroidX, detection->box.x + detection->box.width / 2);
  }

  void modelSizedSearchGivesTheFrameSizedSearchsBoxWithinOneModelPixel_data() {
    QTest::addColumn<QSize>("model");
    QTest::addColumn<QSize>("frame");
    QTest::newRow("demo clip") << QSize(96, 72) << QSize(640, 480);
    QTest::newRow("1080p") << QSize(96, 72) << QSize(1920, 1080);
    QTest::newRow("4K") << QSize(96, 72) << QSize(3840, 2160);
    QTest::newRow("full-size model output at 1080p") << QSize(192, 144) << QSize(1920, 1080);
  }

  // The box used to be searched in the mask resized to the frame; the search
  // at the model's size must give the same box to within one model pixel,
  // for masks of any shape: a Gaussian anywhere, of any size, next to a
  // weaker second one, over a little noise.
  void modelSizedSearchGivesTheFrameSizedSearchsBoxWithinOneModelPixel() {
    QFETCH(QSize, model);
    QFETCH(QSize, frame);
    const cv::Size modelSize(model.width(), model.height()), frameSize(frame.width(), frame.height());
    const double sx = double(frame.width()) / model.width(), sy = double(frame.height()) / model.height();
    cv::RNG rng(12345);
    for (int trial = 0; trial < 40; ++trial) {
      const auto blob = [&](float peak) {
        const double w = rng.uniform(2.0, model.width() * 0.5), h = rng.uniform(2.0, model.height() * 0.5);
        return softMask({rng.uniform(-w / 2, model.width() - w / 2), rng.uniform(-h / 2, model.height() - h / 2), w, h},
                        modelSize, peak);
      };
      cv::Mat mask = cv::max(blob(1.0f), blob(rng.uniform(0.2f, 0.9f)));
      cv::Mat noise(modelSize, CV_32F);
      rng.fill(noise, cv::RNG::UNIFORM, 0.0, 0.05);
      mask += noise;
      cv::Mat frameMask;
      cv::resize(mask, frameMask, frameSize, 0, 0, cv::INTER_LINEAR);
      const auto before = detectAmpulla(frameMask, 0.6, frameSize);
      const auto now = detectAmpulla(mask, 0.6, frameSize);
      QVERIFY(before.has_value() && now.has_value());
      const Box& a = before->box;
      const Box& b = now->box;
      const QString where = QStringLiteral("trial %1: before %2,%3 %4x%5, now %6,%7 %8x%9")
                                .arg(trial).arg(a.x).arg(a.y).arg(a.width).arg(a.height)
                                .arg(b.x).arg(b.y).arg(b.width).arg(b.height);
      QVERIFY2(std::abs(a.x - b.x) <= sx && std::abs(a.y - b.y) <= sy, qPrintable(where));
      QVERIFY2(std::abs((a.x + a.width) - (b.x + b.width)) <= sx, qPrintable(where));
      QVERIFY2(std::abs((a.y + a.height) - (b.y + b.height)) <= sy, qPrintable(where));
      // The resized mask's peak lies between the model's pixel centres, a little below the model's own.
      QVERIFY(now->score >= before->score && now->score - before->score < 0.01);
    }
  }
};

QTEST_APPLESS_MAIN(AmpullaMaskTest)
#include "AmpullaMaskTest.moc"
