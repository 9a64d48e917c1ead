#include <QtTest>

#include <cmath>
#include <random>
#include <vector>

#include "core/stability/HysteresisSwitch.h"

using namespace endoverlay;

namespace {

const HysteresisSettings kSettings{0.6, 0.5, 500, 2000};
constexpr double kStepMs = 40;  // 25 results a second

struct Period {
  bool on;
  double fromMs, toMs;
};

// The on and off periods a switch goes through for `values`, one every kStepMs.
std::vector<Period> periods(const std::vector<double>& values) {
  HysteresisSwitch warning(kSettings);
  std::vector<Period> out{{false, 0, 0}};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double t = i * kStepMs;
    const bool on = warning.update(values[i], t);
    if (on != out.back().on) out.push_back({on, t, t});
    out.back().toMs = t;
  }
  return out;
}

}  // namespace

class HysteresisSwitchTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void noiseAroundTheOnThresholdNeverShows() {
    std::vector<double> values;
    for (int i = 0; i < 500; ++i) values.push_back(i % 3 == 0 ? 0.55 : 0.65);
    QCOMPARE(periods(values).size(), std::size_t{1});
  }

  void nonFiniteValuesNeitherShowNorHold() {
    HysteresisSwitch warning(kSettings);
    for (int i = 0; i < 100; ++i) QVERIFY(!warning.update(std::nan(""), i * kStepMs));
    for (int i = 100; i < 150; ++i) warning.update(0.9, i * kStepMs);
    QVERIFY(warning.isOn());
    // NaNs in between do not hold it on: once the values fall, it goes off after its minimum time.
    for (int i = 150; i < 300; ++i) warning.update(i % 2 ? std::nan("") : 0.1, i * kStepMs);
    QVERIFY(!warning.isOn());
    QVERIFY(!warning.update(0.9, std::nan("")));
  }

  void sustainedChangeShowsWithinTheDelay() {
    std::vector<double> values(50, 0.2);
    values.resize(150, 0.8);
    const auto p = periods(values);
    QCOMPARE(p.size(), std::size_t{2});
    const double riseMs = 50 * kStepMs;
    QVERIFY(p[1].fromMs >= riseMs + kSettings.showDelayMs);
    QVERIFY(p[1].fromMs <= riseMs + kSettings.showDelayMs + kStepMs);
  }

  void aBriefDipDoesNotHideAndABriefPeakDoesNotShow() {
    std::vector<double> values(100, 0.9);  // on from 500 ms
    values.resize(110, 0.3);               // 400 ms dip, after the minimum on-screen time: hides
    values.resize(120, 0.9);               // 400 ms back up: shorter than the delay, so stays hidden
    values.resize(200, 0.3);
    const auto p = periods(values);
    QCOMPARE(p.size(), std::size_t{3});
    QVERIFY(p[1].on);
    QCOMPARE(p[1].toMs, 99 * kStepMs);
    QVERIFY(!p[2].on);
  }

  void noTogglesShorterThanTheMinimumTimes() {
    std::mt19937 random(7);
    std::uniform_real_distribution<double> jump(-0.25, 0.25);
    std::vector<double> values;
    double v = 0.5;
    for (int i = 0; i < 20000; ++i) values.push_back(v = std::clamp(v + jump(random), 0.0, 1.0));
    const auto p = periods(values);
    QVERIFY2(p.size() > 20, "the sequence should make the switch change often");
    for (std::size_t i = 1; i + 1 < p.size(); ++i) {
      const double lasted = p[i + 1].fromMs - p[i].fromMs;
      if (p[i].on) QVERIFY2(lasted >= kSettings.minOnScreenMs, qPrintable(QStringLiteral("on for %1 ms").arg(lasted)));
      else QVERIFY2(lasted >= kSettings.showDelayMs, qPrintable(QStringLiteral("off for %1 ms").arg(lasted)));
    }
  }
};

QTEST_APPLESS_MAIN(HysteresisSwitchTest)
#include "HysteresisSwitchTest.moc"
