#include <QtTest>

#include "core/InferenceStage.h"
#include "core/ModelDirectory.h"
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
    InferenceStage stage(loadModelCards(test::bundledModels()), {}, Mode::Ercp);
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QVERIFY(r.mode == Mode::Ercp);
    QVERIFY(r.ampulla && r.ampulla->score >= r.displayThreshold);
    QVERIFY(r.difficulty.has_value());
    QCOMPARE(r.difficulty->labels.front(), std::string("easy"));
    QVERIFY(std::abs(*r.difficultProbability - (1.0 - r.difficulty->of("easy"))) < 1e-6);
    QCOMPARE(r.models.size(), std::size_t{2});
    QVERIFY(!r.cystType);
    QVERIFY(r.stable.light != TrafficLight::Off);
  }

  void switchingModeChangesTheHeads() {
    InferenceStage stage(loadModelCards(test::bundledModels()), {}, Mode::Ercp);
    stage.setMode(Mode::Eus);
    QCOMPARE(stage.models().size(), std::size_t{1});
    QCOMPARE(stage.models().front().name, std::string("eus-cyst-demo"));
    const InferenceResult r = stage.analyze(test::decodeFrame(kEusClip, 100));
    QVERIFY(r.mode == Mode::Eus);
    QVERIFY(!r.ampulla && !r.difficulty);
    QVERIFY(r.cystType.has_value());
    QCOMPARE(r.cystType->labels.at(r.cystType->top()), std::string("MCN"));
    QVERIFY(r.stable.light == TrafficLight::Off);
    stage.setMode(Mode::Ercp);
    QCOMPARE(stage.models().size(), std::size_t{2});
  }

  void eusRegionOfInterestIsWhatTheHeadSees() {
    InferenceStage stage(loadModelCards(test::bundledModels()), {}, Mode::Eus);
    const Frame frame = test::decodeFrame(kEusClip, 100);
    const auto truth = test::loadTruth(test::resources() / "clips" / "eus_demo.truth.jsonl").at(100);
    const Box lesion = *truth.box;
    const Box around{lesion.x - lesion.width * 0.2, lesion.y - lesion.height * 0.2, lesion.width * 1.4, lesion.height * 1.4};
    stage.setCystRegion(around);
    const InferenceResult onLesion = stage.analyze(frame);
    QVERIFY(onLesion.cystRegion.has_value());
    QCOMPARE(onLesion.cystRegion->x, around.x);
    QCOMPARE(onLesion.cystType->labels.at(onLesion.cystType->top()), std::string("MCN"));
    // A region off the lesion shows the head something else: its answer changes.
    stage.setCystRegion(Box{0, 0, 120, 90});
    const InferenceResult offLesion = stage.analyze(frame);
    QVERIFY(std::abs(offLesion.cystType->of("MCN") - onLesion.cystType->of("MCN")) > 1e-3);
    stage.setCystRegion(std::nullopt);
    QVERIFY(!stage.analyze(frame).cystRegion);
  }

  void modeWithoutItsModelIsRefused() {
    InferenceStage ercpOnly(bundledCardsWithout(ModelTask::CystType), {}, Mode::Ercp);
    QVERIFY(!ercpOnly.supports(Mode::Eus));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ercpOnly.setMode(Mode::Eus));
    QVERIFY(ercpOnly.mode() == Mode::Ercp);
    QVERIFY_THROWS_EXCEPTION(ModelCardError, InferenceStage(bundledCardsWithout(ModelTask::AmpullaSoftMask), {}, Mode::Ercp));
  }

  void ercpWithoutTheDifficultyModelStillFindsTheAmpulla() {
    InferenceStage stage(bundledCardsWithout(ModelTask::CannulationDifficulty), {}, Mode::Ercp);
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QVERIFY(r.ampulla.has_value());
    QVERIFY(!r.difficulty);
    QCOMPARE(r.models.size(), std::size_t{1});
  }
};

QTEST_APPLESS_MAIN(InferenceStageTest)
#include "InferenceStageTest.moc"
