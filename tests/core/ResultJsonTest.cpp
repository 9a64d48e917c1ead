#include <QtTest>

#include "core/support/JsonFields.h"
#include "core/recording/ResultJson.h"
#include "support/ResultHeads.h"

using namespace endoverlay;
using test::headOf;

namespace {

ClassProbabilities probabilities(std::vector<std::string> labels, std::vector<double> values) {
  return {std::move(labels), std::move(values)};
}

HeadOutput head(const std::string& id, ReadoutKind readout) {
  HeadOutput h;
  h.id = id;
  h.kind = readout == ReadoutKind::HeatmapBox ? HeadKind::SoftMaskLocaliser : HeadKind::Classifier;
  h.readout = readout;
  h.ran = true;
  h.model = {id + "-demo", "1.0.0", "ab12", "cd34"};
  return h;
}

InferenceResult ercpResult() {
  InferenceResult r;
  r.frameIndex = 137;
  r.ptsNs = 5'480'000'000;
  r.protocolId = "ercp";
  r.frameSize = {640, 480};
  HeadOutput ampulla = head("ampulla", ReadoutKind::HeatmapBox);
  ampulla.displayThreshold = 0.5;
  ampulla.detection = Detection{{100, 120, 60, 50}, 0.81, 131, 146};
  ampulla.stable.detection = Detection{{98, 118, 62, 52}, 0.77, 129, 144};
  HeadOutput difficulty = head("difficulty", ReadoutKind::TrafficLight);
  difficulty.probabilities = probabilities({"easy", "failure"}, {0.2, 0.8});
  difficulty.groupProbability = 0.8;
  difficulty.region = Box{70, 90, 180, 180};
  difficulty.stable.light = TrafficLight::Red;
  difficulty.stable.probabilities = probabilities({"easy", "failure"}, {0.3, 0.7});
  difficulty.stable.groupProbability = 0.7;
  r.heads = {ampulla, difficulty};
  r.timings = {1, 2, 16, 3, 22};
  r.device = "CPU";
  return r;
}

InferenceResult eusResult() {
  InferenceResult r;
  r.frameIndex = 400;
  r.protocolId = "eus";
  HeadOutput cyst = head("cyst_type", ReadoutKind::ClassBadge);
  cyst.probabilities = probabilities({"MCN", "SCN"}, {0.1, 0.9});
  cyst.stable.probabilities = probabilities({"MCN", "SCN"}, {0.2, 0.8});
  cyst.stable.label = "SCN";
  cyst.region = Box{10, 20, 300, 200};
  r.heads = {cyst};
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
    QCOMPARE(back.heads.size(), std::size_t{2});
    QCOMPARE(back.frameSize, cv::Size(640, 480));
    const HeadOutput& ampulla = headOf(back, "ampulla");
    QVERIFY(ampulla.kind == HeadKind::SoftMaskLocaliser && ampulla.readout == ReadoutKind::HeatmapBox && ampulla.ran);
    QVERIFY(ampulla.stable.detection.has_value());
    QCOMPARE(ampulla.stable.detection->box.x, 98.0);
    QCOMPARE(ampulla.stable.detection->box.height, 52.0);
    QCOMPARE(ampulla.stable.detection->centroidX, 129.0);
    QVERIFY2(ampulla.detectionShown(), "a drawn box counts as shown");
    QCOMPARE(ampulla.detection->box.width, 60.0);
    QCOMPARE(ampulla.model.name, std::string("ampulla-demo"));
    QCOMPARE(ampulla.model.cardSha256, std::string("cd34"));
    const HeadOutput& difficulty = headOf(back, "difficulty");
    QVERIFY(difficulty.kind == HeadKind::Classifier && difficulty.readout == ReadoutKind::TrafficLight);
    QVERIFY(difficulty.stable.light == TrafficLight::Red);
    QCOMPARE(*difficulty.stable.groupProbability, 0.7);
    QCOMPARE(*difficulty.groupProbability, 0.8);
    QCOMPARE(difficulty.stable.probabilities->of("failure"), 0.7);
    QCOMPARE(difficulty.probabilities->of("failure"), 0.8);
    QCOMPARE(difficulty.region->width, 180.0);
    QCOMPARE(back.timings.inferenceMs, 16.0);
    QCOMPARE(back.models().size(), std::size_t{2});
    QCOMPARE(back.models().at(1).sha256, std::string("ab12"));
  }

  void aBoxBelowTheThresholdWasNotDrawnAndDoesNotComeBack() {
    InferenceResult original = ercpResult();
    original.heads[0].stable.detection->score = 0.3;
    original.heads[1].stable.light = TrafficLight::Off;
    const InferenceResult back = resultFromJson(resultToJson(original), {640, 480});
    QVERIFY(!headOf(back, "ampulla").stable.detection.has_value());
    QVERIFY(headOf(back, "difficulty").stable.light == TrafficLight::Off);
  }

  void aHeadThatDidNotRunComesBackSoWithNothingRead() {
    InferenceResult original = ercpResult();
    original.heads[1] = head("difficulty", ReadoutKind::TrafficLight);
    original.heads[1].ran = false;
    const nlohmann::json line = resultToJson(original);
    QVERIFY(line.at("heads")[1].at("probabilities").is_null());
    const InferenceResult read = resultFromJson(line);
    const HeadOutput& back = headOf(read, "difficulty");
    QVERIFY(!back.ran && !back.probabilities && !back.groupProbability);
    QCOMPARE(resultFromJson(line).models().size(), std::size_t{1});
  }

  void eusBadgeComesBackWithItsSmoothedProbability() {
    const InferenceResult back = resultFromJson(resultToJson(eusResult()), {640, 480});
    QCOMPARE(back.protocolId, std::string("eus"));
    QCOMPARE(back.heads.size(), std::size_t{1});
    const HeadOutput& cyst = headOf(back, "cyst_type");
    QVERIFY(cyst.readout == ReadoutKind::ClassBadge);
    QCOMPARE(*cyst.stable.label, std::string("SCN"));
    QCOMPARE(cyst.stable.probabilities->of("SCN"), 0.8);
    QCOMPARE(cyst.probabilities->of("SCN"), 0.9);
    QCOMPARE(cyst.region->width, 300.0);
  }

  // Schema-1 lines (made before results per head) have their fields by task; they read as the bundled protocols' heads.
  void schemaOneLinesReadAsTheBundledHeads() {
    const nlohmann::json ercp = nlohmann::json::parse(R"({"frame": 5, "pts_ns": 200000000, "mode": "ERCP",
        "box": [100, 120, 60, 50], "score": 0.81, "centroid": [131, 146], "shown": true,
        "shown_box": [98, 118, 62, 52], "shown_centroid": [129, 144],
        "difficulty": {"probabilities": {"easy": 0.2, "failure": 0.8}, "top": "failure", "p_difficult": 0.8},
        "warning": {"light": "red", "p_difficult": 0.7, "probabilities": {"easy": 0.3, "failure": 0.7}},
        "models": [{"name": "ercp-ampulla-demo", "version": "1.0.0", "sha256": "aa"},
                   {"name": "ercp-difficulty-demo", "version": "1.0.0", "sha256": "bb"}],
        "invalid": []})");
    const InferenceResult back = resultFromJson(ercp, {640, 480});
    QCOMPARE(back.protocolId, std::string("ercp"));
    QCOMPARE(back.heads.size(), std::size_t{2});
    QCOMPARE(headOf(back, "ampulla").stable.detection->box.x, 98.0);
    QVERIFY(headOf(back, "ampulla").detectionShown());
    QCOMPARE(headOf(back, "ampulla").model.sha256, std::string("aa"));
    QVERIFY(headOf(back, "difficulty").stable.light == TrafficLight::Red);
    QCOMPARE(*headOf(back, "difficulty").groupProbability, 0.8);
    QCOMPARE(headOf(back, "difficulty").model.sha256, std::string("bb"));

    const nlohmann::json eus = nlohmann::json::parse(R"({"frame": 5, "pts_ns": 200000000, "mode": "EUS",
        "cyst_type": {"probabilities": {"MCN": 0.1, "SCN": 0.9}, "top": "SCN"}, "cyst_region": [10, 20, 300, 200],
        "cyst_badge": "SCN", "invalid": ["ampulla_soft_mask"]})");
    const InferenceResult badge = resultFromJson(eus, {640, 480});
    QCOMPARE(badge.heads.size(), std::size_t{1});
    QCOMPARE(*headOf(badge, "cyst_type").stable.label, std::string("SCN"));
    // Lines written before the smoothed probabilities were kept have the frame's own.
    QCOMPARE(headOf(badge, "cyst_type").stable.probabilities->of("SCN"), 0.9);
    QCOMPARE(headOf(badge, "cyst_type").region->width, 300.0);
    QVERIFY(!badge.anyInvalid());  // the head that was invalid is not one this line has
  }

  void segmentationComesBackWithItsOutlines() {
    InferenceResult original;
    original.frameIndex = 9;
    original.protocolId = "organ";
    HeadOutput organ = head("organ", ReadoutKind::Segmentation);
    organ.kind = HeadKind::Segmenter;
    organ.segmentation = Segmentation{{{{10, 20}, {60, 20}, {60, 70}}}, 0.125};
    organ.stable.segmentation =
        Segmentation{{{{12.04, 22}, {58, 22}, {58, 68.46}}, {{100, 100}, {110, 100}, {110, 110}}}, 0.11};
    original.heads = {organ};
    const nlohmann::json line = resultToJson(original);
    QCOMPARE(line.at("heads")[0].at("shown_outlines")[0][0], nlohmann::json({12.0, 22.0}));  // to a tenth of a pixel
    QVERIFY2(!line.at("heads")[0].contains("outlines"), "this frame's own outlines are not kept");
    const InferenceResult read = resultFromJson(line);
    const HeadOutput& back = headOf(read, "organ");
    QVERIFY(back.kind == HeadKind::Segmenter && back.readout == ReadoutKind::Segmentation);
    QCOMPARE(back.segmentation->areaFraction, 0.125);
    QCOMPARE(back.stable.segmentation->areaFraction, 0.11);
    QCOMPARE(back.stable.segmentation->outlines.size(), std::size_t{2});
    QCOMPARE(back.stable.segmentation->outlines.front().back().y, 68.5);
    QVERIFY(back.detectionShown());
    nlohmann::json tooMany = line;
    tooMany["heads"][0]["shown_outlines"][0] = nlohmann::json::array();
    for (int i = 0; i < 300; ++i) tooMany["heads"][0]["shown_outlines"][0].push_back({i, i});
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson(tooMany));
    nlohmann::json broken = line;
    broken["heads"][0]["shown_outlines"][0][1] = {1, 2, 3};
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson(broken));
    broken = line;
    broken["heads"][0]["readout"] = "heatmap_box";
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson(broken));
  }

  // A CEUS line keeps its clock and both regions' brightness; a clock that contradicts itself is refused.
  void aContrastReadingComesBackAndIsChecked() {
    InferenceResult r = eusResult();
    r.protocolId = "ceus";
    r.ptsNs = 40'000'000'000;
    r.contrast = ContrastReading{10'000'000'000, 30.0, "vascular", "pancreatic", Box{330, 130, 190, 160}, 41.5,
                                 Box{340, 300, 60, 40}, 77.25};
    const nlohmann::json line = resultToJson(r);
    const InferenceResult back = resultFromJson(line, {640, 480});
    QVERIFY(back.contrast);
    QCOMPARE(back.contrast->injectionPtsNs, std::optional<std::int64_t>(10'000'000'000));
    QCOMPARE(back.contrast->phase, std::string("vascular"));
    QCOMPARE(back.contrast->headsWaitFor, std::string("pancreatic"));
    QCOMPARE(back.contrast->region->x, 330.0);
    QCOMPARE(back.contrast->regionMean, 41.5);
    QCOMPARE(back.contrast->reference->height, 40.0);
    QCOMPARE(back.contrast->referenceMean, 77.25);
    QCOMPARE(*back.secondsSinceInjection(), 30.0);
    QVERIFY(!resultFromJson(resultToJson(eusResult())).contrast);
    const auto refused = [&](const char* key, const nlohmann::json& value) {
      nlohmann::json broken = line;
      broken["contrast"][key] = value;
      try {
        resultFromJson(broken);
      } catch (const FieldError& e) {
        return std::string(e.what()).rfind(std::string("contrast.") + key, 0) == 0;
      }
      return false;
    };
    QVERIFY(refused("injection_pts_ns", 50'000'000'000LL));  // after its own frame
    QVERIFY(refused("injection_pts_ns", "10 s"));
    QVERIFY(refused("region_mean", 300));
    QVERIFY(refused("seconds_since_injection", nullptr));  // without it, with an injection
    QVERIFY(refused("seconds_since_injection", -1));
    QVERIFY(refused("region_mean", nullptr));
    QVERIFY(refused("reference", {1, 2, -3, 4}));
    QVERIFY(refused("phase", "vascular\nforged line"));
    nlohmann::json noClock = line;
    noClock["contrast"]["injection_pts_ns"] = nullptr;
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson(noClock));
  }

  void aLineWithoutAFrameIsRefused() {
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson({{"pts_ns", 0}}, {640, 480}));
    QVERIFY_THROWS_EXCEPTION(FieldError, resultFromJson({{"frame", "twelve"}, {"pts_ns", 0}}, {640, 480}));
  }

  void aBrokenHeadIsRefusedNamingIt() {
    nlohmann::json line = resultToJson(ercpResult());
    const auto refusal = [](const nlohmann::json& broken) -> std::string {
      try {
        resultFromJson(broken);
      } catch (const FieldError& e) {
        return e.what();
      }
      return "accepted";
    };
    nlohmann::json twice = line;
    twice["heads"][1]["id"] = "ampulla";
    QCOMPARE(refusal(twice).substr(0, 12), std::string("heads[1].id:"));
    nlohmann::json kind = line;
    kind["heads"][0]["kind"] = "detector";
    QCOMPARE(refusal(kind).substr(0, 14), std::string("heads[0].kind:"));
    nlohmann::json mismatch = line;
    mismatch["heads"][0]["readout"] = "class_badge";
    QCOMPARE(refusal(mismatch).substr(0, 17), std::string("heads[0].readout:"));
    nlohmann::json none = line;
    none["heads"] = nlohmann::json::array();
    QCOMPARE(refusal(none).substr(0, 6), std::string("heads:"));
  }

  void invalidHeadsAreRecordedAndReadBack() {
    InferenceResult result = ercpResult();
    result.heads[0].invalid = true;
    result.heads[0].detection.reset();
    result.heads[0].stable = {};
    const nlohmann::json line = resultToJson(result);
    QCOMPARE(line.at("heads")[0].at("invalid"), nlohmann::json(true));
    QVERIFY(!line.at("heads")[1].contains("invalid"));
    QVERIFY(line.at("heads")[0].at("box").is_null() && line.at("heads")[0].at("shown_box").is_null());
    const InferenceResult back = resultFromJson(line);
    QVERIFY(headOf(back, "ampulla").invalid && !headOf(back, "difficulty").invalid);
    QVERIFY(back.anyInvalid());
  }
};

QTEST_APPLESS_MAIN(ResultJsonTest)
#include "ResultJsonTest.moc"
