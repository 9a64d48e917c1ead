#include <QtTest>

#include "core/support/LatencyStats.h"
#include "core/support/StageLatencies.h"

using namespace endoverlay;

class LatencyStatsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void percentilesByNearestRank() {
    LatencyStats stats;
    for (int ms = 1000; ms >= 1; --ms) stats.add(ms);  // 1..1000 in any order
    const LatencySummary s = stats.summary();
    QCOMPARE(s.count, std::size_t{1000});
    QCOMPARE(s.min, 1.0);
    QCOMPARE(s.max, 1000.0);
    QCOMPARE(s.mean, 500.5);
    QCOMPARE(s.p50, 500.0);
    QCOMPARE(s.p99, 990.0);
    QCOMPARE(s.p999, 999.0);
  }

  void aSingleOutlierShowsOnlyInTheTail() {
    LatencyStats stats;
    for (int i = 0; i < 999; ++i) stats.add(10);
    stats.add(250);
    const LatencySummary s = stats.summary();
    QCOMPARE(s.p50, 10.0);
    QCOMPARE(s.p99, 10.0);
    QCOMPARE(s.p999, 10.0);
    QCOMPARE(s.max, 250.0);
  }

  void windowKeepsTheNewest() {
    LatencyStats stats(3);
    for (double ms : {100.0, 1.0, 2.0, 3.0}) stats.add(ms);
    const LatencySummary s = stats.summary();
    QCOMPARE(s.count, std::size_t{3});
    QCOMPARE(s.max, 3.0);
    QCOMPARE(LatencyStats().summary().count, std::size_t{0});
  }

  void stagesAreKeptApart() {
    StageLatencies latencies;
    latencies.add(StageTimings{1, 2, 30, 4, 37});
    latencies.add(StageTimings{3, 2, 50, 4, 59});
    const auto json = latencies.toJson();
    QCOMPARE(json.at("inference").at("mean").get<double>(), 40.0);
    QCOMPARE(json.at("ready").at("max").get<double>(), 59.0);
    QCOMPARE(json.at("queued").at("count").get<int>(), 2);
    QVERIFY(!json.contains("shown"));
    latencies.addShown(70);
    QCOMPARE(latencies.summary(StageLatencies::Shown).p50, 70.0);
  }
};

QTEST_APPLESS_MAIN(LatencyStatsTest)
#include "LatencyStatsTest.moc"
