#include <QtTest>

#include <cmath>

#include "core/analysis/TimeIntensityCurve.h"

using namespace endoverlay;

namespace {

const Box kRegion{330, 130, 190, 160};

// A CEUS result at `seconds`, its region's mean `grey`, the injection at `injectedAt` seconds when given.
InferenceResult at(double seconds, double grey, std::optional<double> injectedAt = std::nullopt, Box region = kRegion,
                   std::optional<double> reference = std::nullopt) {
  InferenceResult r;
  r.ptsNs = std::llround(seconds * 1e9);
  ContrastReading c;
  if (injectedAt && *injectedAt <= seconds) {
    c.injectionPtsNs = std::llround(*injectedAt * 1e9);
    c.secondsSinceInjection = seconds - *injectedAt;
  }
  c.region = region;
  c.regionMean = grey;
  if (reference) {
    c.reference = Box{340, 300, 60, 40};
    c.referenceMean = *reference;
  }
  r.contrast = c;
  return r;
}

// A bolus: dark until 2 s, rising to 120 at 20 s after the injection, washing out after, with
// speckle noise of ±15 on every other frame (25 a second).
std::vector<InferenceResult> bolus(double injectedAt) {
  std::vector<InferenceResult> results;
  for (int i = 0; i < 25 * 60; ++i) {
    const double t = i / 25.0, since = t - injectedAt;
    const double grey = since < 2 ? 5 : since < 20 ? 5 + 115 * (since - 2) / 18 : 120 * std::exp(-(since - 20) / 30);
    results.push_back(at(t, grey + (i % 2 ? 15 : -15), injectedAt));
  }
  return results;
}

}  // namespace

class TimeIntensityCurveTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // The peak is the bolus's, not a speckle spike, and its time counts from the injection.
  void peakAndTimeToPeakFollowTheBolus() {
    const std::vector<InferenceResult> results = bolus(3.0);
    const TimeIntensityCurve curve = TimeIntensityCurve::shownWith(results, &results.back());
    QCOMPARE(curve.points().size(), results.size());
    const auto peak = curve.regionPeak();
    QVERIFY(peak && peak->secondsAfterInjection);
    QVERIFY2(std::abs(peak->intensity - 120) < 3, qPrintable(QString::number(peak->intensity)));
    QVERIFY2(std::abs(*peak->secondsAfterInjection - 20) < 0.7, qPrintable(QString::number(*peak->secondsAfterInjection)));
    QVERIFY(!curve.referencePeak());
  }

  void beforeTheInjectionThereIsAPeakButNoTimeToIt() {
    TimeIntensityCurve curve;
    for (int i = 0; i < 50; ++i) curve.add(at(i * 0.1, i < 25 ? i : 50 - i));
    const auto peak = curve.regionPeak();
    QVERIFY(peak && !peak->secondsAfterInjection);
    QVERIFY(peak->intensity > 18 && peak->intensity < 25);
  }

  // Another region, another reference or a jump back starts a new curve: one curve is one place at one time.
  void aNewRegionOrAJumpBackStartsAfresh() {
    TimeIntensityCurve curve;
    for (int i = 0; i < 10; ++i) curve.add(at(i, 50));
    QCOMPARE(curve.points().size(), std::size_t{10});
    curve.add(at(9, 70));  // the same frame again adds nothing
    QCOMPARE(curve.points().size(), std::size_t{10});
    curve.add(at(10, 50, std::nullopt, Box{0, 0, 10, 10}));
    QCOMPARE(curve.points().size(), std::size_t{1});
    curve.add(at(11, 50, std::nullopt, Box{0, 0, 10, 10}, 80.0));
    QCOMPARE(curve.points().size(), std::size_t{1});
    QVERIFY(curve.hasReference() && curve.referencePeak()->intensity == 80);
    curve.add(at(12, 50, std::nullopt, Box{0, 0, 10, 10}, 80.0));
    curve.add(at(5, 50, std::nullopt, Box{0, 0, 10, 10}, 80.0));
    QCOMPARE(curve.points().size(), std::size_t{1});
    // The region cleared: no curve is left of a place no longer read.
    InferenceResult noRegion = at(13, 50);
    noRegion.contrast->region.reset();
    QVERIFY(curve.add(noRegion));
    QVERIFY(curve.empty() && !curve.regionPeak());
  }

  // A long study keeps its newest quarter of an hour.
  void aLongStudyKeepsItsLastQuarterHour() {
    TimeIntensityCurve curve;
    for (int i = 0; i <= 3600; ++i) curve.add(at(i, 50));
    const auto& points = curve.points();
    QCOMPARE(points.back().ptsNs - points.front().ptsNs, TimeIntensityCurve::kMaxSpanNs);
  }
};

QTEST_APPLESS_MAIN(TimeIntensityCurveTest)
#include "TimeIntensityCurveTest.moc"
