#include <QtTest>

#include "core/analysis/FrameRegion.h"

using namespace endoverlay;

namespace {

// Each pixel holds its own column in channel 0 and row in channel 1 (+1, so black stays 0).
cv::Mat coordinateImage(int width, int height) {
  cv::Mat image(height, width, CV_8UC4);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) image.at<cv::Vec4b>(y, x) = {static_cast<uchar>(x + 1), static_cast<uchar>(y + 1), 9, 255};
  return image;
}

}  // namespace

class FrameRegionTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void squareIsCentredOnTheBox() {
    const cv::Mat image = coordinateImage(200, 150);
    const cv::Mat region = squareRegionAround(image, {90, 60, 20, 10}, 3.0);
    QCOMPARE(region.cols, 60);
    QCOMPARE(region.rows, 60);
    // Centre (100, 65), side 60: x from 70, y from 35.
    QCOMPARE(region.at<cv::Vec4b>(0, 0)[0], uchar(71));
    QCOMPARE(region.at<cv::Vec4b>(0, 0)[1], uchar(36));
    QCOMPARE(region.at<cv::Vec4b>(59, 59)[0], uchar(130));
  }

  void outsideTheFrameIsBlack() {
    const cv::Mat image = coordinateImage(200, 150);
    const cv::Mat region = squareRegionAround(image, {0, 0, 20, 20}, 3.0);
    QCOMPARE(region.cols, 60);
    QCOMPARE(region.at<cv::Vec4b>(0, 0), cv::Vec4b(0, 0, 0, 0));       // (-20, -20)
    QCOMPARE(region.at<cv::Vec4b>(20, 20)[0], uchar(1));                // (0, 0)
    QCOMPARE(region.at<cv::Vec4b>(59, 59)[0], uchar(40));               // (39, 39)
  }

  void halvesRoundToEven() {
    // Side 3: centre 10.5 starts at 9.0; centre 12 starts at 10.5, which Python's round() takes to 10, not 11.
    const cv::Mat image = coordinateImage(40, 40);
    QCOMPARE(squareRegionAround(image, {10, 10, 1, 1}, 3.0).at<cv::Vec4b>(0, 0)[0], uchar(10));
    QCOMPARE(squareRegionAround(image, {11.5, 11.5, 1, 1}, 3.0).at<cv::Vec4b>(0, 0)[0], uchar(11));
  }

  void cropIsClippedToTheImage() {
    const cv::Mat image = coordinateImage(100, 80);
    const cv::Mat crop = cropToBox(image, {90, 70, 30, 30});
    QCOMPARE(crop.cols, 10);
    QCOMPARE(crop.rows, 10);
    QCOMPARE(crop.at<cv::Vec4b>(0, 0)[0], uchar(91));
    QVERIFY(cropToBox(image, {200, 200, 10, 10}).empty());
  }

  // CEUS shows one place twice: a region dragged on the B-mode (left) half is read on the contrast (right) half.
  void aDualViewReadsTheRegionOnItsRightHalf() {
    const cv::Size frame(640, 480);
    const Box onLeft{100, 150, 120, 90};
    const Box moved = placeUserRegion(onLeft, frame, RegionPlacement::RightHalf);
    QCOMPARE(moved.x, 420.0);
    QCOMPARE(moved.y, onLeft.y);
    QCOMPARE(moved.width, onLeft.width);
    QCOMPARE(moved.height, onLeft.height);
    const Box onRight{430, 150, 120, 90};
    QCOMPARE(placeUserRegion(onRight, frame, RegionPlacement::RightHalf).x, 430.0);
    QCOMPARE(placeUserRegion(onLeft, frame, RegionPlacement::AsDrawn).x, 100.0);
    // Across the middle, the side holding its centre decides.
    QCOMPARE(placeUserRegion({290, 0, 100, 50}, frame, RegionPlacement::RightHalf).x, 290.0);
    QCOMPARE(placeUserRegion({200, 0, 100, 50}, frame, RegionPlacement::RightHalf).x, 520.0);
    // Wider than its distance to the middle: moved, but not off the picture.
    QCOMPARE(placeUserRegion({150, 0, 300, 50}, frame, RegionPlacement::RightHalf).x, 340.0);
  }

  // Inside a segmented organ: the picture at the model's size, black beyond the region grown by the margin.
  void insideARegionIsBlackBeyondItsMargin() {
    const cv::Mat picture(20, 20, CV_8UC4, cv::Scalar(200, 200, 200, 255));
    cv::Mat probabilities(10, 10, CV_32F, cv::Scalar(0.1));
    probabilities(cv::Rect(4, 4, 2, 2)).setTo(0.9);  // model pixels 4..5: picture pixels 8..11 at 20×20
    const cv::Mat seen = insideRegion(picture, segmentedRegion(probabilities, 0.5, 1, cv::Size(20, 20)));
    QCOMPARE(seen.size(), cv::Size(20, 20));
    cv::Mat lit;
    cv::extractChannel(seen, lit, 0);
    QCOMPARE(cv::countNonZero(lit), 6 * 6);  // 4×4 grown by one pixel on every side
    QCOMPARE(int(seen.at<cv::Vec4b>(7, 7)[0]), 200);
    QCOMPARE(int(seen.at<cv::Vec4b>(6, 7)[0]), 0);
    QCOMPARE(cv::countNonZero(lit(cv::Rect(7, 7, 6, 6))), 36);
    QCOMPARE(cv::countNonZero(insideRegion(picture, segmentedRegion(probabilities, 0.95, 3, cv::Size(20, 20))).reshape(1)), 0);
  }

  // Grad-CAM of a head that saw only the organ: nothing shown where it saw black, even where the coarse map
  // peaked, and full strength where it looked most within the organ.
  void aMapInsideARegionShowsNothingBeyondIt() {
    cv::Mat map(2, 2, CV_32F, cv::Scalar(0));
    map.at<float>(1, 1) = 1.0f;  // the peak, in the quarter the model saw black in
    map.at<float>(0, 0) = 0.4f;
    cv::Mat region(20, 20, CV_8U, cv::Scalar(0));
    region(cv::Rect(0, 0, 8, 8)).setTo(255);
    const cv::Mat shown = mapInsideRegion(map, region);
    QCOMPARE(shown.size(), cv::Size(20, 20));
    QCOMPARE(cv::countNonZero(shown(cv::Rect(8, 0, 12, 20))), 0);
    QCOMPARE(cv::countNonZero(shown(cv::Rect(0, 8, 8, 12))), 0);
    double low = 0, high = 0;
    cv::Point highest;
    cv::minMaxLoc(shown, &low, &high, nullptr, &highest);
    QCOMPARE(high, 1.0);
    QVERIFY(highest.x < 8 && highest.y < 8);
    QCOMPARE(cv::countNonZero(mapInsideRegion(map, cv::Mat(20, 20, CV_8U, cv::Scalar(0)))), 0);
  }
};

QTEST_APPLESS_MAIN(FrameRegionTest)
#include "FrameRegionTest.moc"
