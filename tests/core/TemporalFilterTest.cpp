#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <cmath>

#include "core/stability/TemporalFilter.h"

using namespace endoverlay;

namespace {

constexpr double kStepMs = 40;
const std::vector<std::string> kOutcomes{"easy", "over_5_min", "additional_techniques", "failure"};

HeadOutput headOfKind(const std::string& id, HeadKind kind, ReadoutKind readout) {
  HeadOutput head;
  head.id = id;
  head.kind = kind;
  head.readout = readout;
  head.ran = true;
  return head;
}

// An ERCP frame's result: the ampulla head (no mask unless given) and the difficulty head when it read something.
InferenceResult ercpResult(int step, std::optional<double> pDifficult, cv::Mat mask = {}) {
  InferenceResult r;
  r.frameIndex = step;
  r.ptsNs = static_cast<std::int64_t>(step * kStepMs * 1e6);
  r.frameSize = {640, 480};
  r.heads.push_back(headOfKind("ampulla", HeadKind::SoftMaskLocaliser, ReadoutKind::HeatmapBox));
  r.heads.back().mask = mask;
  r.heads.push_back(headOfKind("difficulty", HeadKind::Classifier, ReadoutKind::TrafficLight));
  if (pDifficult) {
    const double d = *pDifficult;
    r.heads.back().probabilities = ClassProbabilities{kOutcomes, {1 - d, d / 2, d / 4, d / 4}};
    r.heads.back().groupProbability = d;
  }
  return r;
}

InferenceResult eusResult(int step, double pMcn) {
  InferenceResult r;
  r.protocolId = "eus";
  r.frameIndex = step;
  r.ptsNs = static_cast<std::int64_t>(step * kStepMs * 1e6);
  r.heads.push_back(headOfKind("cyst_type", HeadKind::Classifier, ReadoutKind::ClassBadge));
  r.heads.back().probabilities = ClassProbabilities{{"MCN", "SCN"}, {pMcn, 1 - pMcn}};
  return r;
}

// What head `id` shows after `filter` took `result`.
HeadReadout shown(TemporalFilter& filter, InferenceResult result, const std::string& id) {
  filter.update(result);
  return result.head(id)->stable;
}

HeadReadout light(TemporalFilter& filter, const InferenceResult& result) { return shown(filter, result, "difficulty"); }
HeadReadout badge(TemporalFilter& filter, const InferenceResult& result) { return shown(filter, result, "cyst_type"); }

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
    TemporalFilter filter({});
    HeadReadout out;
    for (int i = 0; i < 75; ++i) out = light(filter, ercpResult(i, 0.1));
    QVERIFY(out.light == TrafficLight::Green);
    int redAt = -1;
    for (int i = 75; i < 200 && redAt < 0; ++i)
      if (light(filter, ercpResult(i, 0.9)).light == TrafficLight::Red) redAt = i;
    QVERIFY(redAt > 0);
    const double delayMs = (redAt - 75) * kStepMs;
    // Smoothing (300 ms time constant) brings P over 0.6 about 320 ms after the change, then the 500 ms delay.
    QVERIFY2(delayMs >= 500 && delayMs <= 900, qPrintable(QStringLiteral("red after %1 ms").arg(delayMs)));
  }

  void flickeringHeadGivesASteadyLight() {
    TemporalFilter filter({});
    int changes = 0;
    TrafficLight last = TrafficLight::Off;
    for (int i = 0; i < 500; ++i) {
      const auto now = light(filter, ercpResult(i, i % 2 ? 0.95 : 0.05)).light;
      changes += i > 0 && now != last;
      last = now;
    }
    QVERIFY2(changes <= 1, qPrintable(QStringLiteral("%1 changes").arg(changes)));
    QVERIFY(last == TrafficLight::Green || last == TrafficLight::Amber);
  }

  void lightGoesOffWhenTheAmpullaIsLost() {
    StabilitySettings settings;
    TemporalFilter filter(settings);
    for (int i = 0; i < 50; ++i) QVERIFY(light(filter, ercpResult(i, 0.2)).light != TrafficLight::Off);
    const int lostFor = static_cast<int>(settings.lostAfterMs / kStepMs);
    HeadReadout out;
    for (int i = 50; i < 49 + lostFor; ++i) out = light(filter, ercpResult(i, std::nullopt));
    QVERIFY(out.light == TrafficLight::Green);  // held through a short loss
    out = light(filter, ercpResult(50 + lostFor, std::nullopt));
    QVERIFY(out.light == TrafficLight::Off);
    QVERIFY(!out.groupProbability);
  }

  void cystBadgeSettlesAndHolds() {
    TemporalFilter filter({});
    HeadReadout out = badge(filter, eusResult(0, 0.95));
    QVERIFY(!out.label);  // not before the show delay
    for (int i = 1; i < 30; ++i) out = badge(filter, eusResult(i, 0.95));
    QCOMPARE(out.label.value_or(""), std::string("MCN"));
    for (int i = 30; i < 40; ++i) out = badge(filter, eusResult(i, 0.3));  // a short contrary stretch
    QCOMPARE(out.label.value_or(""), std::string("MCN"));
    for (int i = 40; i < 200; ++i) out = badge(filter, eusResult(i, 0.05));
    QCOMPARE(out.label.value_or(""), std::string("SCN"));
    QVERIFY(out.probabilities->of("SCN") > 0.9);
  }

  // A NaN once held the red light on for good: every comparison with it is false.
  void nonFiniteProbabilitiesNeverShowNorHoldAWarning() {
    TemporalFilter filter({});
    HeadReadout out;
    for (int i = 0; i < 75; ++i) out = light(filter, ercpResult(i, 0.95));
    QVERIFY(out.light == TrafficLight::Red);
    for (int i = 75; i < 125; ++i) {
      out = light(filter, ercpResult(i, std::nan("")));
      QVERIFY(out.light == TrafficLight::Off && !out.groupProbability);  // nothing drawn from a NaN
    }
    for (int i = 125; i < 300; ++i) out = light(filter, ercpResult(i, 0.05));
    QVERIFY(out.light == TrafficLight::Green);
    for (int i = 300; i < 400; ++i) QVERIFY(light(filter, ercpResult(i, INFINITY)).light == TrafficLight::Off);
  }

  // A head marked invalid shows nothing on that frame; its smoothing goes on from the last valid frame.
  void invalidHeadShowsNothingAndKeepsItsState() {
    TemporalFilter filter({});
    HeadReadout out;
    for (int i = 0; i < 30; ++i) out = badge(filter, eusResult(i, 0.95));
    QCOMPARE(out.label.value_or(""), std::string("MCN"));
    InferenceResult invalid = eusResult(30, 0.95);
    invalid.heads.front().probabilities.reset();
    invalid.heads.front().invalid = true;
    out = badge(filter, invalid);
    QVERIFY(!out.label && !out.probabilities);
    out = badge(filter, eusResult(31, 0.95));
    QCOMPARE(out.label.value_or(""), std::string("MCN"));  // no new show delay: the badge had settled

    cv::Mat nanMask = blob(20, 36);
    nanMask.at<float>(36, 20) = std::nanf("");
    QVERIFY(!shown(filter, ercpResult(40, std::nullopt, nanMask), "ampulla").detection);
  }

  void maskIsSmoothedBetweenJumps() {
    TemporalFilter filter({});
    shown(filter, ercpResult(0, std::nullopt, blob(20, 36)), "ampulla");
    const HeadReadout out = shown(filter, ercpResult(1, std::nullopt, blob(70, 36)), "ampulla");
    QVERIFY(out.detection.has_value());
    // One frame after a jump, the old blob still outweighs the new one (40 ms against a 120 ms time constant).
    QVERIFY2(out.detection->centroidX < 320, qPrintable(QStringLiteral("centroid %1").arg(out.detection->centroidX)));
    QCOMPARE(out.mask.size(), cv::Size(96, 72));
  }

  // Two heads of one kind are smoothed apart: one's reading never leaks into the other's.
  void headsAreSmoothedApartByTheirIds() {
    TemporalFilter filter({});
    HeadReadout first, second;
    for (int i = 0; i < 10; ++i) {
      InferenceResult r = ercpResult(i, std::nullopt, blob(20, 36));
      r.heads.push_back(r.heads.front());
      r.heads.back().id = "other";
      r.heads.back().mask = blob(70, 36);
      filter.update(r);
      first = r.heads.front().stable;
      second = r.heads.back().stable;
    }
    QVERIFY(first.detection && second.detection);
    QVERIFY(first.detection->centroidX < 200 && second.detection->centroidX > 400);
  }
};

QTEST_APPLESS_MAIN(TemporalFilterTest)
#include "TemporalFilterTest.moc"
