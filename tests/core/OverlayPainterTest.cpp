#include <QtTest>

#include "core/readout/OverlayPainter.h"
#include "core/readout/TimeIntensityPlot.h"
#include "core/recording/ResultJson.h"

using namespace endoverlay;
using nlohmann::json;

namespace {

const cv::Vec4b kGrey(90, 90, 90, 255);

cv::Mat greyFrame() { return cv::Mat(480, 640, CV_8UC4, cv::Scalar(90, 90, 90, 255)); }

int pixelsOf(const cv::Mat& bgrx, const cv::Scalar& bgr, const cv::Rect& area) {
  int count = 0;
  for (int y = area.y; y < area.y + area.height; ++y)
    for (int x = area.x; x < area.x + area.width; ++x) {
      const cv::Vec4b p = bgrx.at<cv::Vec4b>(y, x);
      count += p[0] == bgr[0] && p[1] == bgr[1] && p[2] == bgr[2];
    }
  return count;
}

const cv::Rect kWhole(0, 0, 640, 480);
const cv::Scalar kBoxColour = bgrOf(boxColour());

// A recorded line of frame 0, read back as replay and exports read it.
void paintLine(cv::Mat& frame, json line) {
  line["frame"] = 0;
  line["pts_ns"] = 0;
  const InferenceResult result = resultFromJson(line, frame.size());
  paintOverlay(frame, &result);
}

}  // namespace

class OverlayPainterTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void boxAndWarningAreDrawnWhereTheResultSays() {
    cv::Mat frame = greyFrame();
    paintLine(frame, {{"box", {90, 70, 220, 170}},
                         {"shown_box", {100, 80, 200, 150}},
                         {"centroid", {160, 120}},
                         {"shown_centroid", {200, 155}},
                         {"warning", {{"light", "red"}, {"p_difficult", 0.7}}}});
    // Along each edge of the drawn box, and not inside it away from the centroid.
    for (const cv::Point p : {cv::Point(100, 150), cv::Point(299, 150), cv::Point(200, 80), cv::Point(200, 229)})
      QVERIFY2(pixelsOf(frame, kBoxColour, {p.x - 1, p.y - 1, 3, 3}) > 0, qPrintable(QStringLiteral("%1,%2").arg(p.x).arg(p.y)));
    QCOMPARE(frame.at<cv::Vec4b>(110, 130), kGrey);
    QVERIFY(pixelsOf(frame, kBoxColour, {200 - 2, 155 - 8, 5, 17}) > 10);  // the drawn centroid's cross
    QCOMPARE(pixelsOf(frame, kBoxColour, {160 - 2, 120 - 2, 5, 5}), 0);     // not the raw one
    QCOMPARE(pixelsOf(frame, kBoxColour, {0, 0, 640, 60}), 0);           // nothing above the box
    QVERIFY(pixelsOf(frame, cv::Scalar(53, 57, 229), {400, 0, 240, 60}) > 30);  // the red lamp, top right
  }

  void rawBoxAloneIsNotDrawn() {
    cv::Mat frame = greyFrame();
    paintLine(frame, {{"box", {100, 80, 200, 150}}, {"shown_box", nullptr}, {"warning", {{"light", "off"}}}});
    QCOMPARE(pixelsOf(frame, kBoxColour, kWhole), 0);
    QCOMPARE(frame.at<cv::Vec4b>(20, 600), kGrey);
  }

  void boxFarOutsideThePictureDrawsNothingInIt() {
    cv::Mat frame = greyFrame();
    paintLine(frame, {{"shown_box", {900000, -900000, 500000, 400000}}, {"shown_centroid", {-900000, 900000}}});
    QCOMPARE(pixelsOf(frame, kBoxColour, kWhole), 0);
  }

  void cystBadgeIsDrawnTopRight() {
    cv::Mat frame = greyFrame();
    paintLine(frame, {{"cyst_badge", "MCN"}, {"cyst_type", {{"probabilities", {{"MCN", 0.93}, {"SCN", 0.07}}}}}});
    QVERIFY(pixelsOf(frame, cv::Scalar(91, 24, 194), {400, 0, 240, 60}) > 200);
    QCOMPARE(pixelsOf(frame, cv::Scalar(91, 24, 194), {0, 60, 640, 420}), 0);
  }

  // A segmenter head of a schema-2 line: its drawn outline over a light fill.
  void segmentationIsOutlinedAndFilled() {
    cv::Mat frame = greyFrame();
    paintLine(frame, {{"mode", "organ"},
                      {"heads", {{{"id", "organ"}, {"kind", "segmenter"}, {"readout", "segmentation"}, {"ran", true},
                                  {"model", {{"name", "organ-seg"}, {"version", "1"}, {"sha256", "ab"}}},
                                  {"area_fraction", 0.2}, {"shown_area_fraction", 0.1},
                                  {"shown_outlines", {{{100, 100}, {300, 100}, {300, 250}, {100, 250}}}}}}}});
    const cv::Scalar outline = bgrOf(segmentationColour());
    for (const cv::Point p : {cv::Point(200, 100), cv::Point(300, 175), cv::Point(200, 250), cv::Point(100, 175)})
      QVERIFY2(pixelsOf(frame, outline, {p.x - 1, p.y - 1, 3, 3}) > 0, qPrintable(QStringLiteral("%1,%2").arg(p.x).arg(p.y)));
    // Inside: the grey tinted towards the outline's colour, a quarter of the way.
    const cv::Vec4b inside = frame.at<cv::Vec4b>(175, 200);
    QVERIFY2(inside[2] > 120 && inside[1] < 90 && inside[0] > 110, qPrintable(QStringLiteral("%1,%2,%3").arg(inside[2]).arg(inside[1]).arg(inside[0])));
  }

  // A CEUS frame: both regions outlined in their colours, the phase top right, the curve lower left.
  void contrastRegionsPhaseAndCurveAreDrawn() {
    std::vector<InferenceResult> lines;
    for (int i = 0; i < 100; ++i) {
      json line = {{"frame", i}, {"pts_ns", i * 100'000'000LL}, {"mode", "ceus"},
                   {"contrast", {{"injection_pts_ns", 1'000'000'000}, {"seconds_since_injection", i * 0.1 - 1.0},
                                 {"phase", "vascular"}, {"region", {400, 100, 150, 120}},
                                 {"region_mean", 20.0 + std::min(i, 40) * 2.0}, {"reference", {350, 300, 60, 40}},
                                 {"reference_mean", 60.0}}}};
      if (i < 10) {
        for (const char* key : {"injection_pts_ns", "seconds_since_injection", "phase"}) line["contrast"][key] = nullptr;
      }
      lines.push_back(resultFromJson(line, {640, 480}));
    }
    const TimeIntensityCurve curve = TimeIntensityCurve::shownWith(lines, &lines.back());
    cv::Mat frame = greyFrame();
    paintOverlay(frame, &lines.back(), &curve);
    const cv::Scalar region = bgrOf(regionColour()), reference = bgrOf(referenceColour());
    QVERIFY(pixelsOf(frame, region, {398, 98, 5, 124}) > 50);       // the region's left edge
    QVERIFY(pixelsOf(frame, reference, {348, 298, 5, 44}) > 20);    // the reference's
    QVERIFY(pixelsOf(frame, cv::Scalar(30, 30, 30), {380, 0, 260, 50}) > 500);  // the phase's panel
    const cv::Rect plot = timeIntensityPlotArea(frame.size());
    QVERIFY(plot.x < 50 && plot.y > 240 && plot.br().y < 470);
    QVERIFY2(pixelsOf(frame, region, plot) > 40, qPrintable(QString::number(pixelsOf(frame, region, plot))));
    QVERIFY(pixelsOf(frame, reference, plot) > 40);
    // Without the curve, nothing is drawn there.
    cv::Mat bare = greyFrame();
    paintOverlay(bare, &lines.back());
    QCOMPARE(pixelsOf(bare, region, plot), 0);
  }

  void noResultLeavesOnlyTheNotice() {
    cv::Mat frame = greyFrame();
    paintOverlay(frame, nullptr);
    int yellow = 0;  // the notice is anti-aliased: count clearly yellow pixels, not one exact colour
    for (int y = 440; y < 480; ++y)
      for (int x = 0; x < 640; ++x) {
        const cv::Vec4b p = frame.at<cv::Vec4b>(y, x);
        yellow += p[2] > 180 && p[1] > 150 && p[0] < 120;
      }
    QVERIFY2(yellow > 50, qPrintable(QString::number(yellow)));
    QCOMPARE(pixelsOf(frame, cv::Scalar(90, 90, 90), {0, 0, 640, 440}), 640 * 440);
  }
};

QTEST_APPLESS_MAIN(OverlayPainterTest)
#include "OverlayPainterTest.moc"
