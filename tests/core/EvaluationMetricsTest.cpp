#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/evaluation/ClassificationMetrics.h"
#include "core/evaluation/EvaluationJson.h"
#include "core/evaluation/GroundTruth.h"
#include "core/support/JsonFields.h"
#include "core/evaluation/LocalisationMetrics.h"
#include "support/TestFiles.h"

using namespace endoverlay;

// The evaluation's measures on cases small enough to work out by hand.
class EvaluationMetricsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void overlappingBoxes() {
    // Intersection 5×5 = 25; union 100 + 100 − 25 = 175; centres (5, 5) and (10, 10).
    const LocalisationScores s = scoreLocalisation(Box{0, 0, 10, 10}, Box{5, 5, 10, 10}, cv::Size(100, 50));
    QCOMPARE(s.iou, 25.0 / 175.0);
    QCOMPARE(s.precision, 0.25);
    QCOMPARE(s.recall, 0.25);
    QCOMPARE(s.centroidDistance, 0.5 * (5.0 / 100.0 + 5.0 / 50.0));
  }

  void predictionInsideTheTruth() {
    const LocalisationScores s = scoreLocalisation(Box{2, 2, 4, 4}, Box{0, 0, 8, 8}, cv::Size(80, 80));
    QCOMPARE(s.precision, 1.0);
    QCOMPARE(s.recall, 0.25);
    QCOMPARE(s.iou, 0.25);
    QCOMPARE(s.centroidDistance, 0.0);
  }

  void nothingFoundFailsEveryThreshold() {
    const LocalisationScores s = scoreLocalisation(std::nullopt, Box{0, 0, 8, 8}, cv::Size(80, 80));
    QCOMPARE(s.iou, 0.0);
    QCOMPARE(s.precision, 0.0);
    QCOMPARE(s.recall, 0.0);
    QCOMPARE(s.centroidDistance, 1.0);
  }

  void successCurves() {
    std::vector<LocalisationScores> frames = {{0.25, 1, 1, 0.005}, {0.5, 1, 1, 0.03}, {0.95, 1, 1, 0.1}, {}};
    const LocalisationSummary s = summariseLocalisation(frames, 1);
    QCOMPARE(s.frames, std::size_t{4});
    QCOMPARE(s.missed, std::size_t{1});
    QCOMPARE(s.meanIou, (0.25 + 0.5 + 0.95) / 4);
    QCOMPARE(s.precision, 0.75);
    QCOMPARE(s.successIou.size(), std::size_t{10});
    QCOMPARE(s.successIou[0], std::make_pair(0.0, 0.75));  // the missed frame's 0 is not > 0
    QCOMPARE(s.successIou[3], std::make_pair(0.3, 0.5));
    QCOMPARE(s.successIou[5], std::make_pair(0.5, 0.25));  // 0.5 itself is not > 0.5
    QCOMPARE(s.successCentroid.size(), std::size_t{10});
    QCOMPARE(s.successCentroid[0].second, 0.25);  // < 0.01
    QCOMPARE(s.successCentroid[2].second, 0.25);  // 0.03 is not < 0.03
    QCOMPARE(s.successCentroid[3].second, 0.5);
    QCOMPARE(s.successCentroid[9].second, 0.5);  // 0.1 is not < 0.1; the missed frame's 1 never is
  }

  void aucCountsTiesAsHalf() {
    // Pairs won: 0.9 beats both, 0.8 both, 0.4 ties 0.4 and beats 0.1: 5.5 of 6.
    QCOMPARE(binaryAuc({0.9, 0.8, 0.4}, {0.4, 0.1}), 5.5 / 6.0);
    QCOMPARE(binaryAuc({1, 1}, {1}), 0.5);
    QVERIFY(std::isnan(binaryAuc({0.3}, {})));
  }

  void threeClasses() {
    // Predicted (argmax): 0, 1, 1, 1, 2, 0 for true 0, 0, 1, 1, 2, 2.
    const std::vector<int> labels = {0, 0, 1, 1, 2, 2};
    const std::vector<std::vector<double>> p = {{0.7, 0.2, 0.1}, {0.3, 0.6, 0.1}, {0.1, 0.8, 0.1},
                                                {0.2, 0.5, 0.3}, {0.1, 0.1, 0.8}, {0.5, 0.1, 0.4}};
    const ClassifierScores s = scoreClassifier(labels, p);
    QCOMPARE(s.confusion, (ConfusionMatrix{{1, 1, 0}, {0, 2, 0}, {1, 0, 1}}));
    QCOMPARE(s.accuracy, 4.0 / 6.0);
    QCOMPARE(s.perClass[0].precision, 0.5);
    QCOMPARE(s.perClass[0].recall, 0.5);
    QCOMPARE(s.perClass[1].precision, 2.0 / 3.0);
    QCOMPARE(s.perClass[1].recall, 1.0);
    QCOMPARE(s.perClass[1].f1, 0.8);
    QCOMPARE(s.perClass[2].precision, 1.0);
    QCOMPARE(s.perClass[2].recall, 0.5);
    QCOMPARE(s.perClass[2].support, std::int64_t{2});
    QCOMPARE(s.macroF1, (0.5 + 0.8 + 2.0 / 3.0) / 3.0);
    // Class 1 against the rest: positives 0.8, 0.5; negatives 0.2, 0.6, 0.1, 0.1 → 7 of 8 pairs.
    QCOMPARE(s.perClass[1].auc, 7.0 / 8.0);
    QCOMPARE(s.auc, (s.perClass[0].auc + s.perClass[1].auc + s.perClass[2].auc) / 3.0);
  }

  void twoClassAucIsTheSecondClass() {
    const ClassifierScores s = scoreClassifier({0, 1, 1, 0}, {{0.9, 0.1}, {0.4, 0.6}, {0.7, 0.3}, {0.2, 0.8}});
    // Positives 0.6, 0.3 against negatives 0.1, 0.8: 2 of 4 pairs.
    QCOMPARE(s.auc, 0.5);
    QCOMPARE(s.accuracy, 0.5);
  }

  void aClassWithoutSamples() {
    const ClassifierScores s = scoreClassifier({0, 0, 1}, {{0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.8, 0.1}});
    QVERIFY(std::isnan(s.perClass[2].auc));
    QCOMPARE(s.perClass[2].precision, 0.0);
    QCOMPARE(s.perClass[2].f1, 0.0);
    QCOMPARE(s.auc, (s.perClass[0].auc + s.perClass[1].auc) / 2.0);
  }

  void percentilesInterpolateLikeNumpy() {
    QCOMPARE(percentile({4, 1, 3, 2}, 2.5), 1.075);
    QCOMPARE(percentile({4, 1, 3, 2}, 97.5), 3.925);
    QCOMPARE(percentile({7}, 50), 7.0);
    // Many values, ties among them, several percentiles at once: the same as read off the sorted values.
    std::vector<double> many(10'001);
    for (std::size_t i = 0; i < many.size(); ++i) many[i] = double((i * 7919) % 3001);
    std::vector<double> sorted = many;
    std::sort(sorted.begin(), sorted.end());
    const std::vector<double> qs = {0, 0.5, 37.37, 99.5, 100};
    const std::vector<double> found = percentiles(many, qs);
    for (std::size_t i = 0; i < qs.size(); ++i) {
      const double position = qs[i] / 100.0 * double(sorted.size() - 1);
      const auto below = static_cast<std::size_t>(position);
      const double above = sorted[std::min(below + 1, sorted.size() - 1)];
      QCOMPARE(found[i], sorted[below] + (above - sorted[below]) * (position - double(below)));
    }
  }

  void bootstrapIntervals() {
    const std::vector<int> perfectLabels = {0, 1, 0, 1, 1};
    const std::vector<std::vector<double>> perfect = {{0.9, 0.1}, {0.2, 0.8}, {0.7, 0.3}, {0.4, 0.6}, {0.1, 0.9}};
    const ClassifierReport r = classifierReport(perfectLabels, perfect, {"a", "b"}, 200, 1);
    QCOMPARE(r.ci95.accuracy.low, 1.0);
    QCOMPARE(r.ci95.accuracy.high, 1.0);

    std::vector<int> labels;
    std::vector<std::vector<double>> p;
    for (int i = 0; i < 40; ++i) {
      labels.push_back(i % 2);
      const double score = (i % 2 ? 0.6 : 0.4) + ((i * 7) % 10 - 4.5) * 0.05;
      p.push_back({1 - score, score});
    }
    const ClassifierReport a = classifierReport(labels, p, {"a", "b"}, 2000, 7);
    const ClassifierReport b = classifierReport(labels, p, {"a", "b"}, 2000, 7);
    QCOMPARE(a.ci95.auc.low, b.ci95.auc.low);  // the same seed gives the same report
    QVERIFY(a.ci95.accuracy.low < a.scores.accuracy && a.scores.accuracy < a.ci95.accuracy.high);
    QVERIFY(a.ci95.auc.low < a.scores.auc && a.scores.auc <= a.ci95.auc.high);
  }

  void csvHasARowPerNumber() {
    const ClassifierReport r = classifierReport({0, 1, 1, 0}, {{0.9, 0.1}, {0.4, 0.6}, {0.7, 0.3}, {0.2, 0.8}},
                                                {"MCN", "SCN"}, 100, 3);
    const nlohmann::json report = {{"class_badge_head", "cyst_type"}, {"cyst_type", toJson(r)}};
    const std::string csv = evaluationCsv(report);
    QVERIFY(csv.rfind("section,measure,key,value,ci95_low,ci95_high\n", 0) == 0);
    QVERIFY2(csv.find("\ncyst_type,accuracy,,0.5,") != std::string::npos, csv.c_str());
    QVERIFY(csv.find("\ncyst_type,confusion,MCN>SCN,1,,\n") != std::string::npos);
    QVERIFY(csv.find("\ncyst_type,recall,SCN,0.5,,\n") != std::string::npos);
    QCOMPARE(toJson(r)["ci95"]["accuracy"].size(), std::size_t{2});
  }

  void nanIsNullInJson() {
    const ClassifierReport r = classifierReport({0, 0}, {{0.9, 0.1}, {0.6, 0.4}}, {"a", "b"}, 50, 3);
    const nlohmann::json json = toJson(r);
    QVERIFY(json["auc"].is_null());
    QVERIFY(json["ci95"]["auc"][0].is_null());
    QCOMPARE(json["accuracy"].get<double>(), 1.0);
  }

  void truthEntries() {
    const FrameTruth t = truthFromJson(nlohmann::json::parse(R"({"box": [1, 2, 3, 4], "label": "SCN", "region": [0, 0, 50, 40]})"));
    QCOMPARE(t.box->width, 3.0);
    QCOMPARE(*t.label, std::string("SCN"));
    QCOMPARE(t.region->height, 40.0);
    QVERIFY(!truthFromJson(nlohmann::json::parse(R"({"box": null, "label": null})")).box);
    QVERIFY_THROWS_EXCEPTION(FieldError, truthFromJson(nlohmann::json::parse(R"({"box": [1, 2, 3]})")));
    QVERIFY_THROWS_EXCEPTION(FieldError, truthFromJson(nlohmann::json::parse(R"({"box": [1, 2, 0, 4]})")));
    QVERIFY_THROWS_EXCEPTION(FieldError, truthFromJson(nlohmann::json::parse(R"({"label": 3})")));
    QVERIFY_THROWS_EXCEPTION(FieldError, truthFromJson(nlohmann::json::parse(R"({"box": [1, 2, 3, 1e300]})")));
    QVERIFY_THROWS_EXCEPTION(FieldError, truthFromJson(nlohmann::json::parse(R"({"frame": -1})")));
  }

  void truthFileOutOfOrderNamesTheLine() {
    const auto path = std::filesystem::path(QDir::tempPath().toStdString()) / "endoverlay-truth-test.jsonl";
    test::writeText(path, "{\"frame\": 0, \"box\": null, \"label\": null}\n{\"frame\": 2, \"box\": null, \"label\": null}\n");
    try {
      loadTruthLines(path);
      QFAIL("a missing frame was accepted");
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find("line 2") != std::string::npos, e.what());
    }
    std::filesystem::remove(path);
  }
};

QTEST_GUILESS_MAIN(EvaluationMetricsTest)
#include "EvaluationMetricsTest.moc"
