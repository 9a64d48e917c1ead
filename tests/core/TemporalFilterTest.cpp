#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <cmath>

#include "core/TemporalFilter.h"

using namespace endoverlay;

namespace {

constexpr double kStepMs = 40;
const std::vector<std::string> kOutcomes{"easy", "over_5_min", "additional_techniques", "failure"};

InferenceResult ercpResult(int step, std::optional<double> pDifficult) {
  InferenceResult r;
  r.frameIndex = step;
  r.ptsNs = static_cast<std::int64_t>(step * kStepMs * 1e6);
  r.frameSize = {640, 480};
  if (pDifficult) {
    const double d = *pDifficult;
    r.difficulty = ClassProbabilities{kOutcomes, {1 - d, d / 2, d / 4, d / 4}};
    r.difficultProbability = d;
  }
  return r;
}

InferenceResult eusResult(int step, double pMcn) {
  InferenceResult r;
  r.protocolId = "eus";
  r.headTasks = {ModelTask::CystType};
  r.frameIndex = step;
  r.ptsNs = static_cast<std::int64_t>(step * kStepMs * 1e6);
  r.cystType = ClassProbabilities{{"MCN", "SCN"}, {pMcn, 1 - pMcn}};
  return r;
}

cv::Mat blob(int cx, int cy) {
  cv::Mat mask = cv::Mat::zeros(72, 96, CV_32F);
  cv::circle(mask, {cx, cy}, 6, cv::Scalar(0.9), cv::FILLED);
  return mask;
}

}  // namespace

class TemporalFilterTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void lightTurnsRedOnlyWhenDifficultyIsSustained() {
    TemporalFilter filter({}, 0.6);
    StableReadout out;
    for (int i = 0; i < 75; ++i) out = filter.update(ercpResult(i, 0.1));
    QVERIFY(out.light == TrafficLight::Green);
    int redAt = -1;
    for (int i = 75; i < 200 && redAt < 0; ++i)
      if (filter.update(ercpResult(i, 0.9)).light == TrafficLight::Red) redAt = i;
    QVERIFY(redAt > 0);
    const double delayMs = (redAt - 75) * kStepMs;
    // Smoothing (300 ms time constant) brings P over 0.6 about 320 ms after the change, then the 500 ms delay.
    QVERIFY2(delayMs >= 500 && delayMs <= 900, qPrintable(QStringLiteral("red after %1 ms").arg(delayMs)));
  }

  void flickeringHeadGivesASteadyLight() {
    TemporalFilter filter({}, 0.6);
    int changes = 0;
    TrafficLight last = TrafficLight::Off;
    for (int i = 0; i < 500; ++i) {
      const auto light = filter.update(ercpResult(i, i % 2 ? 0.95 : 0.05)).light;
      changes += i > 0 && light != last;
      last = light;
    }
    QVERIFY2(changes <= 1, qPrintable(QStringLiteral("%1 changes").arg(changes)));
    QVERIFY(last == TrafficLight::Green || last == TrafficLight::Amber);
  }

  void lightGoesOffWhenTheAmpullaIsLost() {
    StabilitySettings settings;
    TemporalFilter filter(settings, 0.6);
    for (int i = 0; i < 50; ++i) QVERIFY(filter.update(ercpResult(i, 0.2)).light != TrafficLight::Off);
    const int lostFor = static_cast<int>(settings.lostAfterMs / kStepMs);
    StableReadout out;
    for (int i = 50; i < 49 + lostFor; ++i) out = filter.update(ercpResult(i, std::nullopt));
    QVERIFY(out.light == TrafficLight::Green);  // held through a short loss
    out = filter.update(ercpResult(50 + lostFor, std::nullopt));
    QVERIFY(out.light == TrafficLight::Off);
    QVERIFY(!out.difficultProbability);
  }

  void cystBadgeSettlesAndHolds() {
    TemporalFilter filter({}, 0.6);
    StableReadout out = filter.update(eusResult(0, 0.95));
    QVERIFY(!out.cystLabel);  // not before the show delay
    for (int i = 1; i < 30; ++i) out = filter.update(eusResult(i, 0.95));
    QCOMPARE(out.cystLabel.value_or(""), std::string("MCN"));
    for (int i = 30; i < 40; ++i) out = filter.update(eusResult(i, 0.3));  // a short contrary stretch
    QCOMPARE(out.cystLabel.value_or(""), std::string("MCN"));
    for (int i = 40; i < 200; ++i) out = filter.update(eusResult(i, 0.05));
    QCOMPARE(out.cystLabel.value_or(""), std::string("SCN"));
    QVERIFY(out.cystType->of("SCN") > 0.9);
  }

  // A NaN once held the red light on for good: every comparison with it is false.
  void nonFiniteProbabilitiesNeverShowNorHoldAWarning() {
    TemporalFilter filter({}, 0.6);
    StableReadout out;
    for (int i = 0; i < 75; ++i) out = filter.update(ercpResult(i, 0.95));
    QVERIFY(out.light == TrafficLight::Red);
    for (int i = 75; i < 125; ++i) {
      out = filter.update(ercpResult(i, std::nan("")));
      QVERIFY(out.light == TrafficLight::Off && !out.difficultProbability);  // nothing drawn from a NaN
    }
    for (int i = 125; i < 300; ++i) out = filter.update(ercpResult(i, 0.05));
    QVERIFY(out.light == TrafficLight::Green);
    for (int i = 300; i < 400; ++i) QVERIFY(filter.update(ercpResult(i, INFINITY)).light == TrafficLight::Off);
  }

  // A head marked invalid shows nothing on that frame; its smoothing goes on from the last valid frame.
  void invalidHeadShowsNothingAndKeepsItsState() {
    TemporalFilter filter({}, 0.6);
    StableReadout out;
    for (int i = 0; i < 30; ++i) out = filter.update(eusResult(i, 0.95));
    QCOMPARE(out.cystLabel.value_or(""), std::string("MCN"));
    InferenceResult invalid = eusResult(30, 0.95);
    invalid.cystType.reset();
    invalid.invalidOutputs = {ModelTask::CystType};
    out = filter.update(invalid);
    QVERIFY(!out.cystLabel && !out.cystType);
    out = filter.update(eusResult(31, 0.95));
    QCOMPARE(out.cystLabel.value_or(""), std::string("MCN"));  // no new show delay: the badge had settled

    InferenceResult nanMask = ercpResult(40, std::nullopt);
    nanMask.ampullaMask = blob(20, 36);
    nanMask.ampullaMask.at<float>(36, 20) = std::nanf("");
    QVERIFY(!filter.update(nanMask).ampulla);
  }

  void maskIsSmoothedBetweenJumps() {
    TemporalFilter filter({}, 0.6);
    InferenceResult r = ercpResult(0, std::nullopt);
    r.ampullaMask = blob(20, 36);
    filter.update(r);
    r = ercpResult(1, std::nullopt);
    r.ampullaMask = blob(70, 36);
    const StableReadout out = filter.update(r);
    QVERIFY(out.ampulla.has_value());
    // One frame after a jump, the old blob still outweighs the new one (40 ms against a 120 ms time constant).
    QVERIFY2(out.ampulla->centroidX < 320, qPrintable(QStringLiteral("centroid %1").arg(out.ampulla->centroidX)));
    QCOMPARE(out.ampullaMask.size(), cv::Size(96, 72));
  }
};

QTEST_APPLESS_MAIN(TemporalFilterTest)
#include "TemporalFilterTest.moc"
