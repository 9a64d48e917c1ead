#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "core/analysis/SegmentationMask.h"

using namespace endoverlay;

class SegmentationMaskTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void squareIsOutlinedOnTheFrame() {
    cv::Mat probabilities = cv::Mat::zeros(24, 32, CV_32F);
    probabilities(cv::Rect(8, 6, 8, 6)).setTo(0.9);
    const Segmentation s = segmentationOf(probabilities, {640, 480}, 0.5);
    QCOMPARE(s.areaFraction, 48.0 / (24 * 32));
    QCOMPARE(s.outlines.size(), std::size_t{1});
    QCOMPARE(s.outlines.front().size(), std::size_t{4});
    std::vector<cv::Point2f> corners(s.outlines.front().begin(), s.outlines.front().end());
    const cv::Rect bounds = cv::boundingRect(corners);
    // Through the border pixels' centres: model pixels 8..15 and 6..11 at 20 frame pixels each.
    QCOMPARE(bounds.x, 170);
    QCOMPARE(bounds.y, 130);
    QVERIFY(std::abs(bounds.width - 141) <= 1 && std::abs(bounds.height - 101) <= 1);
  }

  // However ragged the region, a recorded line stays small.
  void raggedRegionKeepsToItsBudget() {
    cv::Mat probabilities(480, 640, CV_32F);
    cv::RNG rng(7);
    rng.fill(probabilities, cv::RNG::UNIFORM, 0.0, 1.0);
    const Segmentation s = segmentationOf(probabilities, {1920, 1080}, 0.5);
    std::size_t corners = 0;
    for (const auto& outline : s.outlines) corners += outline.size();
    QVERIFY(s.outlines.size() <= kMaxSegmentationOutlines);
    QVERIFY2(corners <= kMaxSegmentationPoints, qPrintable(QString::number(corners)));
    QVERIFY(std::abs(s.areaFraction - 0.5) < 0.01);
  }

  void nothingAboveTheThresholdIsNoRegion() {
    const Segmentation s = segmentationOf(cv::Mat::zeros(24, 32, CV_32F), {640, 480}, 0.5);
    QCOMPARE(s.areaFraction, 0.0);
    QVERIFY(s.outlines.empty());
  }
};

QTEST_APPLESS_MAIN(SegmentationMaskTest)
#include "SegmentationMaskTest.moc"
