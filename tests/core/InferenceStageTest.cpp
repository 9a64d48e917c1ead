#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/InferenceStage.h"
#include "core/ModelDirectory.h"
#include "core/GroundTruth.h"
#include "support/DemoClip.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

std::vector<ModelCard> bundledCardsWithout(ModelTask task) {
  std::vector<ModelCard> cards = loadModelCards(test::bundledModels());
  cards.erase(std::remove_if(cards.begin(), cards.end(), [task](const ModelCard& c) { return c.task == task; }), cards.end());
  return cards;
}

const fs::path kEusClip = test::resources() / "clips" / "eus_demo.mp4";

}  // namespace

class InferenceStageTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void ercpRunsTheDifficultyHeadAroundTheAmpulla() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ercp");
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QCOMPARE(r.protocolId, std::string("ercp"));
    QVERIFY(r.ampulla && r.ampulla->score >= r.displayThreshold);
    QVERIFY(r.difficulty.has_value());
    QCOMPARE(r.difficulty->labels.front(), std::string("easy"));
    QVERIFY(std::abs(*r.difficultProbability - (1.0 - r.difficulty->of("easy"))) < 1e-6);
    QCOMPARE(r.models.size(), std::size_t{2});
    QVERIFY(!r.cystType);
    QVERIFY(r.stable.light != TrafficLight::Off);
  }

  void switchingProtocolChangesTheHeads() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ercp");
    stage.setProtocol("eus");
    QCOMPARE(stage.models().size(), std::size_t{1});
    QCOMPARE(stage.models().front().name, std::string("eus-cyst-demo"));
    const InferenceResult r = stage.analyze(test::decodeFrame(kEusClip, 100));
    QCOMPARE(r.protocolId, std::string("eus"));
    QVERIFY(!r.ampulla && !r.difficulty);
    QVERIFY(r.cystType.has_value());
    QCOMPARE(r.cystType->labels.at(r.cystType->top()), std::string("MCN"));
    QVERIFY(r.stable.light == TrafficLight::Off);
    stage.setProtocol("ercp");
    QCOMPARE(stage.models().size(), std::size_t{2});
  }

  void eusRegionOfInterestIsWhatTheHeadSees() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "eus");
    const Frame frame = test::decodeFrame(kEusClip, 100);
    const auto truth = loadTruthLines(test::resources() / "clips" / "eus_demo.truth.jsonl").at(100);
    const Box lesion = *truth.box;
    const Box around{lesion.x - lesion.width * 0.2, lesion.y - lesion.height * 0.2, lesion.width * 1.4, lesion.height * 1.4};
    stage.setUserRegion(around);
    const InferenceResult onLesion = stage.analyze(frame);
    QVERIFY(onLesion.cystRegion.has_value());
    QCOMPARE(onLesion.cystRegion->x, around.x);
    QCOMPARE(onLesion.cystType->labels.at(onLesion.cystType->top()), std::string("MCN"));
    // A region off the lesion shows the head something else: its answer changes.
    stage.setUserRegion(Box{0, 0, 120, 90});
    const InferenceResult offLesion = stage.analyze(frame);
    QVERIFY(std::abs(offLesion.cystType->of("MCN") - onLesion.cystType->of("MCN")) > 1e-3);
    stage.setUserRegion(std::nullopt);
    QVERIFY(!stage.analyze(frame).cystRegion);
  }

  void explanationsShowWhereTheCystHeadLooked() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "eus");
    const Frame frame = test::decodeFrame(kEusClip, 100);
    QVERIFY(!stage.analyze(frame).explanation);  // off until asked for
    stage.setExplanations(true);
    const InferenceResult r = stage.analyze(frame);
    QVERIFY(r.explanation.has_value());
    QCOMPARE(r.explanation->label, std::string("MCN"));
    QCOMPARE(r.explanation->map.size(), cv::Size(8, 6));
    QCOMPARE(r.explanation->region.width, 640.0);
    // The same map as PyTorch's autograd gives in Python on the same frame
    // (tests/models/make_gradcam_reference.py); the two decoders' colour
    // conversions may differ by a grey level, hence the tolerance.
    const auto reference = nlohmann::json::parse(test::readText(fs::path(ENDOVERLAY_TEST_MODELS) / "eus_demo_gradcam_reference.json"));
    QCOMPARE(reference.at("label").get<std::string>(), r.explanation->label);
    double maxError = 0;
    for (int row = 0; row < 6; ++row)
      for (int col = 0; col < 8; ++col)
        maxError = std::max(maxError, std::abs(reference.at("map")[row][col].get<double>() - r.explanation->map.at<float>(row, col)));
    QVERIFY2(maxError < 0.05, qPrintable(QStringLiteral("max difference from PyTorch %1").arg(maxError)));
  }

  void explanationsCoverTheDifficultySquare() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ercp");
    stage.setExplanations(true);
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QVERIFY(r.explanation.has_value());
    QCOMPARE(r.explanation->map.size(), cv::Size(3, 3));
    const Box& a = r.ampulla->box;
    QCOMPARE(r.explanation->region.width, std::nearbyint(3.0 * std::max(a.width, a.height)));
    QVERIFY(std::abs(r.explanation->region.x + r.explanation->region.width / 2 - (a.x + a.width / 2)) <= 1);
    QCOMPARE(r.explanation->label, r.difficulty->labels.at(r.difficulty->top()));
  }

  void protocolWithoutItsModelIsListedButRefused() {
    InferenceStage ercpOnly(test::bundledProtocols(), bundledCardsWithout(ModelTask::CystType), {}, "ercp");
    QCOMPARE(ercpOnly.choices().size(), std::size_t{2});
    QVERIFY(ercpOnly.choices().at(0).unavailable.empty());
    const std::string why = ercpOnly.choices().at(1).unavailable;
    QVERIFY2(why.find("eus.json: heads[0].card: no model card for task cyst_type") != std::string::npos, why.c_str());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ercpOnly.setProtocol("eus"));
    QCOMPARE(ercpOnly.protocol().id, std::string("ercp"));
    QVERIFY_THROWS_EXCEPTION(ProtocolError, InferenceStage(test::bundledProtocols(),
                                                           bundledCardsWithout(ModelTask::AmpullaSoftMask), {}, "ercp"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             InferenceStage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ceus"));
  }

  // A protocol is data: the ampulla alone, no difficulty head, runs with no code of its own.
  void protocolOfItsOwnRunsOnlyItsHeads() {
    Protocol ampullaOnly = Protocol::parse(R"({"schema": "endoverlay.protocol/1", "id": "papilla", "name": "Papilla",
        "heads": [{"id": "papilla", "card": {"name": "ercp-ampulla-demo"}, "readout": "heatmap_box"}]})",
                                           "/site/papilla.json");
    std::vector<Protocol> protocols = test::bundledProtocols();
    protocols.push_back(ampullaOnly);
    InferenceStage stage(protocols, loadModelCards(test::bundledModels()), {}, "papilla");
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QCOMPARE(r.protocolId, std::string("papilla"));
    QVERIFY(r.ampulla && r.ampulla->score >= r.displayThreshold);
    QVERIFY(!r.difficulty);
    QCOMPARE(r.models.size(), std::size_t{1});
    QVERIFY(r.stable.light == TrafficLight::Off);
    // The same papilla as the ERCP protocol finds on that frame.
    stage.setProtocol("ercp");
    const InferenceResult ercp = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QCOMPARE(ercp.ampulla->box.x, r.ampulla->box.x);
    QCOMPARE(ercp.ampulla->score, r.ampulla->score);
  }

  // A head that looks around a box needs the box: without one on the frame it does not run, whatever `runs` says.
  void headAroundABoxWaitsForTheBox() {
    std::vector<Protocol> protocols = test::bundledProtocols();
    protocols.push_back(Protocol::parse(R"({"schema": "endoverlay.protocol/1", "id": "around", "name": "Around",
        "heads": [{"id": "a", "card": {"task": "ampulla_soft_mask"}, "readout": "heatmap_box"},
                  {"id": "d", "card": {"task": "cannulation_difficulty"}, "input": {"around": "a", "scale": 2.0},
                   "readout": "traffic_light"}]})",
                                        "/site/around.json"));
    InferenceStage stage(protocols, loadModelCards(test::bundledModels()), {}, "around");
    const InferenceResult empty = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 0));
    QVERIFY(!empty.ampulla || empty.ampulla->score < empty.displayThreshold);
    QVERIFY(!empty.difficulty);
    stage.setExplanations(true);
    const InferenceResult seen = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QVERIFY(seen.difficulty.has_value());
    // The protocol's scale, not the card's 3.
    QCOMPARE(seen.explanation->region.width, std::nearbyint(2.0 * std::max(seen.ampulla->box.width, seen.ampulla->box.height)));
  }

  void ercpWithoutTheDifficultyModelStillFindsTheAmpulla() {
    InferenceStage stage(test::bundledProtocols(), bundledCardsWithout(ModelTask::CannulationDifficulty), {}, "ercp");
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QVERIFY(r.ampulla.has_value());
    QVERIFY(!r.difficulty);
    QCOMPARE(r.models.size(), std::size_t{1});
  }
};

QTEST_APPLESS_MAIN(InferenceStageTest)
#include "InferenceStageTest.moc"
