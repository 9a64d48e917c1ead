#include <QtTest>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/model/ResizeWeights.h"

using namespace endoverlay;

namespace {

// The weights applied to one channel, rounded back to 8 bits, halves up, as
// the device preprocessing rounds them.
cv::Mat resizeByWeights(const cv::Mat& grey, cv::Size out) {
  const bool area = resizeAveragesCells(grey.size(), out);
  cv::Mat image;
  grey.convertTo(image, CV_32F);
  const cv::Mat result = resizeWeights(grey.rows, out.height, area) * image * resizeWeights(grey.cols, out.width, area).t();
  cv::Mat rounded(result.size(), CV_8U);
  for (int y = 0; y < result.rows; ++y)
    for (int x = 0; x < result.cols; ++x)
      rounded.at<uchar>(y, x) = cv::saturate_cast<uchar>(std::floor(result.at<float>(y, x) + 0.5f));
  return rounded;
}

cv::Mat noise(cv::Size size) {
  cv::Mat image(size, CV_8U);
  cv::randu(image, 0, 256);
  return image;
}

}  // namespace

// The GPU preprocessing resizes with these matrices; they must reproduce
// OpenCV's INTER_AREA, which the CPU path and the training code use.
class ResizeWeightsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void rowsSumToOne() {
    for (const auto& [in, out, area] : {std::tuple{640, 192, true}, {480, 144, true}, {50, 96, false}, {7, 7, true}}) {
      const cv::Mat w = resizeWeights(in, out, area);
      for (int r = 0; r < w.rows; ++r) QVERIFY(std::abs(cv::sum(w.row(r))[0] - 1.0) < 1e-5);
    }
  }

  void shrinkingMatchesOpenCv_data() {
    QTest::addColumn<QSize>("in");
    QTest::addColumn<QSize>("out");
    QTest::newRow("ERCP frame to the ampulla input") << QSize(640, 480) << QSize(192, 144);
    QTest::newRow("ERCP frame to the EUS input") << QSize(640, 480) << QSize(256, 192);
    QTest::newRow("1080p to the ampulla input") << QSize(1920, 1080) << QSize(192, 144);
    QTest::newRow("whole multiple") << QSize(384, 288) << QSize(192, 144);
    QTest::newRow("odd region") << QSize(301, 301) << QSize(96, 96);
    QTest::newRow("same size") << QSize(96, 96) << QSize(96, 96);
  }

  void shrinkingMatchesOpenCv() {
    QFETCH(QSize, in);
    QFETCH(QSize, out);
    const cv::Mat image = noise({in.width(), in.height()});
    cv::Mat expected;
    cv::resize(image, expected, {out.width(), out.height()}, 0, 0, cv::INTER_AREA);
    cv::Mat difference;
    cv::absdiff(resizeByWeights(image, {out.width(), out.height()}), expected, difference);
    double worst = 0;
    cv::minMaxLoc(difference, nullptr, &worst);
    // Equal but for a rounding tie now and then (sums in a different order).
    QVERIFY2(worst <= 1, qPrintable(QString("off by %1").arg(worst)));
    QVERIFY(static_cast<std::size_t>(cv::countNonZero(difference)) <= difference.total() / 100);
  }

  void growingMatchesOpenCvWithinALevel() {
    // A small EUS region stretched to the model's input, one axis growing.
    for (const cv::Size in : {cv::Size(120, 90), cv::Size(300, 150)}) {
      const cv::Mat image = noise(in);
      cv::Mat expected;
      cv::resize(image, expected, {256, 192}, 0, 0, cv::INTER_AREA);
      cv::Mat difference;
      cv::absdiff(resizeByWeights(image, {256, 192}), expected, difference);
      double worst = 0;
      cv::minMaxLoc(difference, nullptr, &worst);
      QVERIFY2(worst <= 1, qPrintable(QString("off by %1").arg(worst)));
    }
  }
};

QTEST_GUILESS_MAIN(ResizeWeightsTest)
#include "ResizeWeightsTest.moc"
