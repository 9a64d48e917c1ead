#include <QtTest>

#include "core/JsonFields.h"
#include "core/ResultJson.h"

using namespace endoverlay;

namespace {

ClassProbabilities probabilities(std::vector<std::string> labels, std::vector<double> values) {
  return {std::move(labels), std::move(values)};
}

InferenceResult ercpResult() {
  InferenceResult r;
  r.frameIndex = 137;
  r.ptsNs = 5'480'000'000;
  r.protocolId = "ercp";
  r.headTasks = {ModelTask::AmpullaSoftMask, ModelTask::CannulationDifficulty};
  r.frameSize = {640, 480};
  r.displayThreshold = 0.5;
  r.ampulla = AmpullaDetection{{100, 120, 60, 50}, 0.81, 131, 146};
  r.difficulty = probabilities({"easy", "failure"}, {0.2, 0.8});
  r.difficultProbability = 0.8;
  r.stable.ampulla = AmpullaDetection{{98, 118, 62, 52}, 0.77, 129, 144};
  r.stable.light = TrafficLight::Red;
  r.stable.difficulty = probabilities({"easy", "failure"}, {0.3, 0.7});
  r.stable.difficultProbability = 0.7;
  r.timings = {1, 2, 16, 3, 22};
  r.models = {{"ercp-ampulla-demo", "1.0.0", "ab12"}};
  r.device = "CPU";
  return r;
}

}  // namespace

// Replay draws a recording's overlay from its sidecar lines: what was shown
// live must come back from a line as it was.
class ResultJsonTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void ercpReadoutComesBackAsShown() {
    const InferenceResult original = ercpResult();
    const InferenceResult back = resultFromJson(resultToJson(original), {640, 480});
    QCOMPARE(back.frameIndex, original.frameIndex);
    QCOMPARE(back.ptsNs, original.ptsNs);
    QCOMPARE(back.protocolId, std::string("ercp"));
    QVERIFY(back.headTasks == original.headTasks);
    QCOMPARE(back.frameSize, cv::Size(640, 480));
    QVERIFY(back.stable.ampulla.has_value());
    QCOMPARE(back.stable.ampulla->box.x, 98.0);
    QCOMPARE(back.stable.ampulla->box.height, 52.0);
    QCOMPARE(back.stable.ampulla->centroidX, 129.0);
    QVERIFY2(back.stable.ampulla->score >= back.displayThreshold, "a drawn box counts as shown");
    QCOMPARE(back.ampulla->box.width, 60.0);
    QVERIFY(back.stable.light == TrafficLight::Red);
    QCOMPARE(*back.stable.difficultProbability, 0.7);
    QCOMPARE(back.stable.difficulty->of("failure"), 0.7);
    QCOMPARE(back.difficulty->of("failure"), 0.8);
    QCOMPARE(back.timings.inferenceMs, 16.0);
    QCOMPARE(back.models.at(0).sha256, std::string("ab12"));
  }

  void aBoxBelowTheThresholdWasNotDrawnAndDoesNotComeBack() {
    InferenceResult original = ercpResult();
    original.stable.ampulla->score = 0.3;
    original.stable.light = TrafficLight::Off;
    const InferenceResult back = resultFromJson(resultToJson(original), {640, 480});
    QVERIFY(!back.stable.ampulla.has_value());
    QVERIFY(back.stable.light == TrafficLight::Off);
  }

  void eusBadgeComesBackWithItsSmoothedProbability() {
    InferenceResult original;
    original.frameIndex = 400;
    original.protocolId = "eus";
    original.headTasks = {ModelTask::CystType};
    original.cystType = probabilities({"MCN", "SCN"}, {0.1, 0.9});
    original.stable.cystType = probabilities({"MCN", "SCN"}, {0.2, 0.8});
    original.stable.cystLabel = "SCN";
    original.cystRegion = Box{10, 20, 300, 200};
    const InferenceResult back = resultFromJson(resultToJson(original), {640, 480});
    QCOMPARE(back.protocolId, std::string("eus"));
    QVERIFY(back.headTasks == original.headTasks);
    QCOMPARE(*back.stable.cystLabel, std::string("SCN"));
    QCOMPARE(back.stable.cystType->of("SCN"), 0.8);
    QCOMPARE(back.cystType->of("SCN"), 0.9);
    QCOMPARE(back.cystRegion->width, 300.0);
    QVERIFY(!back.stable.ampulla.has_value());
  }

  void aLineWithoutAFrameIsRefused() {
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson({{"pts_ns", 0}}, {640, 480}));
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson({{"frame", "twelve"}, {"pts_ns", 0}}, {640, 480}));
  }

  void invalidHeadsAreRecordedAndReadBack() {
    InferenceResult result;
    result.frameIndex = 3;
    result.protocolId = "ercp";
    result.headTasks = {ModelTask::AmpullaSoftMask, ModelTask::CannulationDifficulty};
    result.invalidOutputs = {ModelTask::AmpullaSoftMask};
    const nlohmann::json line = resultToJson(result);
    QCOMPARE(line.at("invalid"), nlohmann::json::array({"ampulla_soft_mask"}));
    QVERIFY(line.at("box").is_null() && line.at("shown_box").is_null());
    QVERIFY(resultFromJson(line).isInvalid(ModelTask::AmpullaSoftMask));
    QVERIFY(!resultToJson(InferenceResult{}).contains("invalid"));
  }
};

QTEST_APPLESS_MAIN(ResultJsonTest)
#include "ResultJsonTest.moc"
