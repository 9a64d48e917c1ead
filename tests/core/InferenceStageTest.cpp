#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "core/analysis/InferenceStage.h"
#include "core/model/ModelDirectory.h"
#include "core/evaluation/GroundTruth.h"
#include "support/DemoClip.h"
#include "support/ResultHeads.h"
#include "support/SegmenterModel.h"
#include "support/TestFiles.h"

using namespace endoverlay;
using test::detects;
using test::headOf;
namespace fs = std::filesystem;

namespace {

std::vector<ModelCard> bundledCardsWithout(const std::string& task) {
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
    QVERIFY(detects(r, "ampulla"));
    const HeadOutput& difficulty = headOf(r, "difficulty");
    QVERIFY(difficulty.ran && difficulty.probabilities.has_value());
    QCOMPARE(difficulty.probabilities->labels.front(), std::string("easy"));
    QVERIFY(std::abs(*difficulty.groupProbability - (1.0 - difficulty.probabilities->of("easy"))) < 1e-6);
    QCOMPARE(r.models().size(), std::size_t{2});
    QCOMPARE(r.heads.size(), std::size_t{2});
    QVERIFY(difficulty.stable.light != TrafficLight::Off);
  }

  void switchingProtocolChangesTheHeads() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ercp");
    stage.setProtocol("eus");
    QCOMPARE(stage.models().size(), std::size_t{1});
    QCOMPARE(stage.models().front().name, std::string("eus-cyst-demo"));
    const InferenceResult r = stage.analyze(test::decodeFrame(kEusClip, 100));
    QCOMPARE(r.protocolId, std::string("eus"));
    QCOMPARE(r.heads.size(), std::size_t{1});
    const auto& cyst = headOf(r, "cyst_type").probabilities;
    QVERIFY(cyst.has_value());
    QCOMPARE(cyst->labels.at(cyst->top()), std::string("MCN"));
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
    const HeadOutput& on = headOf(onLesion, "cyst_type");
    QVERIFY(on.region.has_value());
    QCOMPARE(on.region->x, around.x);
    QCOMPARE(on.probabilities->labels.at(on.probabilities->top()), std::string("MCN"));
    // A region off the lesion shows the head something else: its answer changes.
    stage.setUserRegion(Box{0, 0, 120, 90});
    const InferenceResult offLesion = stage.analyze(frame);
    QVERIFY(std::abs(headOf(offLesion, "cyst_type").probabilities->of("MCN") - on.probabilities->of("MCN")) > 1e-3);
    stage.setUserRegion(std::nullopt);
    QVERIFY(!headOf(stage.analyze(frame), "cyst_type").region);
  }

  // CEUS: the clock runs from the injection marked, the heads wait for the pancreatic phase, and the curve
  // reads both regions on the contrast half wherever they were dragged.
  void ceusTimesTheStudyAndReadsTheRegionsOnTheContrastHalf() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ceus");
    cv::Mat picture(480, 640, CV_8UC4, cv::Scalar(0, 0, 0, 255));
    picture(cv::Rect(0, 0, 320, 480)).setTo(cv::Scalar(100, 100, 100, 255));  // B-mode
    picture(cv::Rect(380, 100, 100, 80)).setTo(cv::Scalar(200, 200, 200, 255));
    picture(cv::Rect(400, 300, 40, 40)).setTo(cv::Scalar(30, 90, 50, 255));
    const auto frameAt = [&](double seconds) {
      Frame frame;
      frame.index = std::llround(seconds * 25);
      frame.ptsNs = std::llround(seconds * 1e9);
      frame.bgrx = picture;
      return frame;
    };
    stage.setUserRegion(Box{60, 100, 100, 80});        // on the B-mode half
    stage.setReferenceRegion(Box{400, 300, 40, 40});  // on the contrast half
    const InferenceResult before = stage.analyze(frameAt(1));
    QVERIFY(before.contrast);
    QVERIFY(before.contrast->phase.empty() && !before.contrast->injectionPtsNs);
    QCOMPARE(before.contrast->headsWaitFor, std::string("pancreatic"));
    QVERIFY(!headOf(before, "lesion_type").ran);
    QCOMPARE(before.contrast->region->x, 380.0);
    QCOMPARE(before.contrast->regionMean, 200.0);
    QVERIFY(std::abs(before.contrast->referenceMean - (0.114 * 30 + 0.587 * 90 + 0.299 * 50)) < 1e-9);

    stage.setInjection(std::llround(5e9));
    QVERIFY(!stage.analyze(frameAt(4)).contrast->injectionPtsNs);  // not yet
    const InferenceResult vascular = stage.analyze(frameAt(20));
    QCOMPARE(vascular.contrast->phase, std::string("vascular"));
    QCOMPARE(*vascular.secondsSinceInjection(), 15.0);
    QVERIFY(!headOf(vascular, "lesion_type").ran);
    const InferenceResult pancreatic = stage.analyze(frameAt(40));
    QCOMPARE(pancreatic.contrast->phase, std::string("pancreatic"));
    QVERIFY(pancreatic.contrast->headsWaitFor.empty());
    QVERIFY(headOf(pancreatic, "lesion_type").ran && headOf(pancreatic, "lesion_type").region->x == 380.0);
    QCOMPARE(stage.analyze(frameAt(70)).contrast->phase, std::string("delayed"));
    // Other modes have no clock.
    stage.setProtocol("eus");
    QVERIFY(!stage.analyze(frameAt(71)).contrast);
  }

  void explanationsShowWhereTheCystHeadLooked() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "eus");
    const Frame frame = test::decodeFrame(kEusClip, 100);
    QVERIFY(!headOf(stage.analyze(frame), "cyst_type").explanation);  // off until asked for
    stage.setExplanations(true);
    const InferenceResult r = stage.analyze(frame);
    const auto& explanation = headOf(r, "cyst_type").explanation;
    QVERIFY(explanation.has_value());
    QCOMPARE(explanation->label, std::string("MCN"));
    QCOMPARE(explanation->map.size(), cv::Size(8, 6));
    QCOMPARE(explanation->region.width, 640.0);
    // The same map as PyTorch's autograd gives in Python on the same frame
    // (tests/models/make_gradcam_reference.py); the two decoders' colour
    // conversions may differ by a grey level, hence the tolerance.
    const auto reference = nlohmann::json::parse(test::readText(fs::path(ENDOVERLAY_TEST_MODELS) / "eus_demo_gradcam_reference.json"));
    QCOMPARE(reference.at("label").get<std::string>(), explanation->label);
    double maxError = 0;
    for (int row = 0; row < 6; ++row)
      for (int col = 0; col < 8; ++col)
        maxError = std::max(maxError, std::abs(reference.at("map")[row][col].get<double>() - explanation->map.at<float>(row, col)));
    QVERIFY2(maxError < 0.05, qPrintable(QStringLiteral("max difference from PyTorch %1").arg(maxError)));
  }

  void explanationsCoverTheDifficultySquare() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ercp");
    stage.setExplanations(true);
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    const HeadOutput& difficulty = headOf(r, "difficulty");
    QVERIFY(difficulty.explanation.has_value());
    const ClassActivation& explanation = *difficulty.explanation;
    QCOMPARE(explanation.map.size(), cv::Size(3, 3));
    const Box& a = headOf(r, "ampulla").detection->box;
    QCOMPARE(explanation.region.width, std::nearbyint(3.0 * std::max(a.width, a.height)));
    QVERIFY(std::abs(explanation.region.x + explanation.region.width / 2 - (a.x + a.width / 2)) <= 1);
    QCOMPARE(explanation.label, difficulty.probabilities->labels.at(difficulty.probabilities->top()));
  }

  void protocolWithoutItsModelIsListedButRefused() {
    InferenceStage ercpOnly(test::bundledProtocols(), bundledCardsWithout(kCystTypeTask), {}, "ercp");
    QCOMPARE(ercpOnly.choices().size(), std::size_t{3});  // ceus, ercp, eus: the video protocols
    QVERIFY(ercpOnly.choices().at(1).unavailable.empty());
    const std::string why = ercpOnly.choices().at(2).unavailable;
    QVERIFY2(why.find("eus.json: heads[0].card: no model card for task cyst_type") != std::string::npos, why.c_str());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ercpOnly.setProtocol("eus"));
    QCOMPARE(ercpOnly.protocol().id, std::string("ercp"));
    QVERIFY_THROWS_EXCEPTION(ProtocolError, InferenceStage(test::bundledProtocols(),
                                                           bundledCardsWithout(kAmpullaSoftMaskTask), {}, "ercp"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             InferenceStage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "mri"));
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
    QVERIFY(detects(r, "papilla"));
    QCOMPARE(r.heads.size(), std::size_t{1});
    QCOMPARE(r.models().size(), std::size_t{1});
    // The same papilla as the ERCP protocol finds on that frame.
    stage.setProtocol("ercp");
    const InferenceResult ercp = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QCOMPARE(headOf(ercp, "ampulla").detection->box.x, headOf(r, "papilla").detection->box.x);
    QCOMPARE(headOf(ercp, "ampulla").detection->score, headOf(r, "papilla").detection->score);
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
    QVERIFY(!detects(empty, "a"));
    QVERIFY(!headOf(empty, "d").ran && !headOf(empty, "d").probabilities);
    stage.setExplanations(true);
    const InferenceResult seen = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    const HeadOutput& d = headOf(seen, "d");
    QVERIFY(d.ran && d.probabilities.has_value());
    // The protocol's scale, not the card's 3; the head records the square it looked at.
    const Box& a = headOf(seen, "a").detection->box;
    QCOMPARE(d.explanation->region.width, std::nearbyint(2.0 * std::max(a.width, a.height)));
    QCOMPARE(d.region->width, d.explanation->region.width);
  }

  // Heads are told apart by id, not by task: two soft-mask localisers in one protocol each get their own reading.
  void twoLocalisersOfOneTaskEachKeepTheirOwnReading() {
    std::vector<Protocol> protocols = test::bundledProtocols();
    protocols.push_back(Protocol::parse(R"({"schema": "endoverlay.protocol/1", "id": "twice", "name": "Twice",
        "heads": [{"id": "first", "card": {"name": "ercp-ampulla-demo"}, "readout": "heatmap_box"},
                  {"id": "second", "card": {"task": "ampulla_soft_mask"}, "readout": "heatmap_box"},
                  {"id": "d", "card": {"task": "cannulation_difficulty"}, "input": {"around": "second"},
                   "runs": {"while_shown": "second"}, "readout": "traffic_light"}]})",
                                        "/site/twice.json"));
    InferenceStage stage(protocols, loadModelCards(test::bundledModels()), {}, "twice");
    InferenceResult r;
    for (int frame = 296; frame <= 300; ++frame) r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), frame));
    QCOMPARE(r.heads.size(), std::size_t{3});
    const HeadOutput& first = headOf(r, "first");
    const HeadOutput& second = headOf(r, "second");
    QVERIFY(first.detectionShown() && second.detectionShown());
    QCOMPARE(first.detection->score, second.detection->score);  // one model, one frame
    QCOMPARE(first.stable.detection->box.x, second.stable.detection->box.x);
    QVERIFY(headOf(r, "d").stable.light != TrafficLight::Off);
  }

  // A segmenter outlines its region on the frame and gives its area, smoothed like a soft mask.
  void segmenterOutlinesTheRegionAndItsArea() {
    QTemporaryDir scratch;
    const fs::path root = scratch.path().toStdString();
    test::writeSegmenterModel(root / "models", root / "protocols");
    std::vector<Protocol> protocols = test::bundledProtocols();
    protocols.push_back(Protocol::load(root / "protocols" / "organ.json"));
    InferenceStage stage(protocols, loadModelCards(root / "models"), {}, "organ");
    // A white disc of radius 80 centred at (400, 200) on black.
    Frame frame;
    frame.bgrx = cv::Mat(480, 640, CV_8UC4, cv::Scalar(0, 0, 0, 255));
    cv::circle(frame.bgrx, {400, 200}, 80, cv::Scalar(255, 255, 255, 255), cv::FILLED);
    InferenceResult r;
    for (int i = 0; i < 5; ++i) {
      frame.index = i;
      frame.ptsNs = i * 40'000'000LL;
      r = stage.analyze(frame);
    }
    const HeadOutput& organ = headOf(r, "organ");
    QVERIFY(organ.kind == HeadKind::Segmenter && organ.readout == ReadoutKind::Segmentation && organ.ran);
    QCOMPARE(organ.mask.size(), cv::Size(32, 24));
    QVERIFY(organ.segmentation.has_value() && organ.stable.segmentation.has_value());
    const double disc = 3.14159265 * 80 * 80 / (640.0 * 480.0);
    QVERIFY2(std::abs(organ.segmentation->areaFraction - disc) < 0.25 * disc,
             qPrintable(QStringLiteral("area %1 against %2").arg(organ.segmentation->areaFraction).arg(disc)));
    QCOMPARE(organ.stable.segmentation->outlines.size(), std::size_t{1});
    std::vector<cv::Point2f> outline;
    for (const cv::Point2d& p : organ.stable.segmentation->outlines.front()) outline.emplace_back(p);
    const cv::Rect bounds = cv::boundingRect(outline);
    QVERIFY2(std::abs(bounds.x + bounds.width / 2 - 400) <= 20 && std::abs(bounds.y + bounds.height / 2 - 200) <= 20,
             qPrintable(QStringLiteral("outline around %1,%2").arg(bounds.x + bounds.width / 2).arg(bounds.y + bounds.height / 2)));
    QVERIFY2(std::abs(bounds.width - 160) <= 40 && std::abs(bounds.height - 160) <= 40,
             qPrintable(QStringLiteral("outline %1x%2").arg(bounds.width).arg(bounds.height)));
    QVERIFY(organ.detectionShown());

    // On a black frame there is nothing to outline, and the smoothed region goes with it.
    frame.bgrx.setTo(cv::Scalar(0, 0, 0, 255));
    for (int i = 5; i < 40; ++i) {
      frame.index = i;
      frame.ptsNs = i * 40'000'000LL;
      r = stage.analyze(frame);
    }
    QCOMPARE(headOf(r, "organ").segmentation->areaFraction, 0.0);
    QVERIFY(!headOf(r, "organ").detectionShown());
  }

  void ercpWithoutTheDifficultyModelStillFindsTheAmpulla() {
    InferenceStage stage(test::bundledProtocols(), bundledCardsWithout(kCannulationDifficultyTask), {}, "ercp");
    const InferenceResult r = stage.analyze(test::decodeFrame(test::ercpDemoClip(), 300));
    QVERIFY(headOf(r, "ampulla").detection.has_value());
    QVERIFY(!r.head("difficulty"));
    QCOMPARE(r.models().size(), std::size_t{1});
  }
};

QTEST_APPLESS_MAIN(InferenceStageTest)
#include "InferenceStageTest.moc"
