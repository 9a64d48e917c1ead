#include <QtTest>

#include <cmath>

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
    const auto detection = detectAmpulla(softMask(truth, {640, 480}), 0.6);
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
    const auto detection = detectAmpulla(softMask(truth, {320, 240}, 0.3f), 0.6);
    QVERIFY(detection.has_value());
    QVERIFY(std::abs(detection->box.width - 80.0) <= 2);
    QVERIFY(std::abs(detection->box.height - 50.0) <= 2);
    QVERIFY(std::abs(detection->score - 0.3) < 1e-3);
  }

  void onlyTheRegionAroundThePeakIsBoxed() {
    cv::Mat mask = softMask({40, 40, 60, 60}, {320, 240});
    mask = cv::max(mask, softMask({200, 120, 80, 80}, {320, 240}, 0.95f));
    const auto detection = detectAmpulla(mask, 0.6);
    QVERIFY(detection.has_value());
    QVERIFY(std::abs(detection->box.x - 40.0) <= 1);
    QVERIFY(std::abs(detection->box.width - 60.0) <= 2);
  }

  void emptyOrBrokenMaskFindsNothing() {
    QVERIFY(!detectAmpulla(cv::Mat::zeros(48, 64, CV_32F), 0.6).has_value());
    QVERIFY(!detectAmpulla(cv::Mat(48, 64, CV_32F, cv::Scalar(std::nanf(""))), 0.6).has_value());
  }

  void singleHotPixelIsAOnePixelBox() {
    cv::Mat mask = cv::Mat::zeros(48, 64, CV_32F);
    mask.at<float>(10, 20) = 0.9f;
    const auto detection = detectAmpulla(mask, 0.6);
    QVERIFY(detection.has_value());
    QCOMPARE(detection->box.x, 20.0);
    QCOMPARE(detection->box.y, 10.0);
    QCOMPARE(detection->box.width, 1.0);
    QCOMPARE(detection->box.height, 1.0);
  }

  void lowResolutionMaskIsBoxedAtFrameScale() {
    // The demo model answers at half the input resolution; upscaled to the
    // frame, its Gaussian must still give the box at frame scale.
    const Box truth{100, 80, 120, 96};
    const cv::Mat small = softMask({truth.x / 4, truth.y / 4, truth.width / 4, truth.height / 4}, {160, 120});
    const cv::Mat frameMask = maskAtFrameSize(small, {640, 480});
    QCOMPARE(frameMask.cols, 640);
    QCOMPARE(frameMask.rows, 480);
    const auto detection = detectAmpulla(frameMask, 0.6);
    QVERIFY(detection.has_value());
    QVERIFY(std::abs(detection->box.x - truth.x) <= 4);
    QVERIFY(std::abs(detection->box.width - truth.width) <= 8);
    QVERIFY(std::abs(detection->box.height - truth.height) <= 8);
  }
};

QTEST_APPLESS_MAIN(AmpullaMaskTest)
#include "AmpullaMaskTest.moc"
