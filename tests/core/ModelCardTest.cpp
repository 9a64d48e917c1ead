#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/protocol/ProtocolDirectory.h"
#include "core/protocol/ResolvedProtocol.h"
#include "core/analysis/SoftMaskHead.h"
#include "core/analysis/ClassifierHead.h"
#include "core/model/ModelCard.h"
#include "core/model/ModelDirectory.h"
#include "support/SegmenterModel.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

const char* kAmpullaCard = "ercp-ampulla-demo.json";

// Runs `load` and returns the ModelCardError message it must throw.
template <typename Load>
QString failureOf(Load load) {
  try {
    load();
  } catch (const ModelCardError& e) {
    return QString::fromUtf8(e.what());
  } catch (const ProtocolError& e) {
    return QString::fromUtf8(e.what());
  }
  return QStringLiteral("<no error>");
}

void editCard(const fs::path& card, const std::function<void(nlohmann::json&)>& edit) {
  auto json = nlohmann::json::parse(test::readText(card));
  edit(json);
  test::writeText(card, json.dump(2));
}

}  // namespace

class ModelCardTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path models_;

 private Q_SLOTS:
  void init() {
    models_ = fs::path(scratch_.path().toStdString()) / QTest::currentTestFunction();
    fs::remove_all(models_);
    test::copyBundledModels(models_);
  }

  // A still image's card says how its values become grey: the CT phases through a window in HU, the liver
  // MRI stretched between percentiles of the slice's own signal.
  void stillImageCardsSayHowValuesBecomeGrey() {
    const ModelCard ct = ModelCard::load(models_ / "ct-renal-corticomedullary-demo.json");
    QVERIFY(ct.input.window && !ct.input.stretchPercentiles);
    QCOMPARE(ct.input.window->centre, 100.0);
    QCOMPARE(ct.input.window->width, 500.0);
    const ModelCard liver = ModelCard::load(models_ / "mri-liver-demo.json");
    QVERIFY(liver.kind == HeadKind::Segmenter && !liver.input.window && liver.input.stretchPercentiles);
    QCOMPARE((*liver.input.stretchPercentiles)[0], 0.5);
    QCOMPARE((*liver.input.stretchPercentiles)[1], 99.5);
    QVERIFY(!ModelCard::load(models_ / kAmpullaCard).input.window);
  }

  // A card with an operating point decides its label there; one without, at the most probable label.
  void aDecisionCutOffDecidesTheLabel() {
    const ModelCard ct = ModelCard::load(models_ / "ct-renal-corticomedullary-demo.json");
    QVERIFY(ct.decision && ct.decision->label == 0);
    QCOMPARE(ct.decision->cutoff, 0.5064);
    QCOMPARE(ct.decide({0.51, 0.49}), std::size_t{0});
    QCOMPARE(ct.decide({0.505, 0.495}), std::size_t{1});  // above one half, below the cut-off: benign
    const ModelCard cyst = ModelCard::load(models_ / "eus-cyst-demo.json");
    QVERIFY(!cyst.decision);
    QCOMPARE(cyst.decide({0.3, 0.7}), std::size_t{1});
    QCOMPARE(cyst.decide({0.5, 0.5}), std::size_t{0});
  }

  void bundledCardLoads() {
    const ModelCard card = ModelCard::load(models_ / kAmpullaCard);
    QCOMPARE(card.name, std::string("ercp-ampulla-demo"));
    QVERIFY(card.task == kAmpullaSoftMaskTask && card.kind == HeadKind::SoftMaskLocaliser);
    QCOMPARE(card.input.width, 192);
    QCOMPARE(card.input.height, 144);
    QVERIFY(card.input.colourOrder == ColourOrder::Rgb);
    QCOMPARE(card.outputs.size(), std::size_t{1});
    QCOMPARE(card.outputs[0].shape, (std::vector<std::int64_t>{1, 1, 72, 96}));
    QCOMPARE(card.boxThreshold, 0.6);
    QCOMPARE(card.displayThreshold, 0.5);
    QVERIFY(card.trainingData.find("not for clinical use") != std::string::npos);
    const ModelCard difficulty = ModelCard::load(models_ / "ercp-difficulty-demo.json");
    QVERIFY(difficulty.input.regionOfInterest.has_value());
    QCOMPARE(difficulty.input.regionOfInterest->scale, 3.0);
  }

  void missingCardNamesTheFile() {
    const QString message = failureOf([&] { ModelCard::load(models_ / "absent.json"); });
    QVERIFY2(message.contains("absent.json") && message.contains("cannot be read"), qPrintable(message));
  }

  void brokenJsonIsRefused() {
    test::writeText(models_ / kAmpullaCard, "{\"schema\": \"endoverlay.model-card/1\", \"name\": ");
    const QString message = failureOf([&] { ModelCard::load(models_ / kAmpullaCard); });
    QVERIFY2(message.contains(kAmpullaCard) && message.contains("not valid JSON"), qPrintable(message));
  }

  void foreignSchemaIsRefused() {
    editCard(models_ / kAmpullaCard, [](auto& card) { card["schema"] = "someone-else/2"; });
    const QString message = failureOf([&] { ModelCard::load(models_ / kAmpullaCard); });
    QVERIFY2(message.contains("not an Endoverlay model card"), qPrintable(message));
  }

  void missingFieldIsNamed() {
    editCard(models_ / kAmpullaCard, [](auto& card) { card["input"].erase("std"); });
    const QString message = failureOf([&] { ModelCard::load(models_ / kAmpullaCard); });
    QVERIFY2(message.contains(QString::fromStdString("model card " + (models_ / kAmpullaCard).string() + ": input.std: is missing")),
             qPrintable(message));
  }

  // Every field is range-checked when the card loads, and the message says which.
  void badFieldsAreNamed_data() {
    QTest::addColumn<QString>("card");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");
    const QString ampulla = kAmpullaCard;
    const QString difficulty = "ercp-difficulty-demo.json";
    const QString cyst = "eus-cyst-demo.json";
    QTest::newRow("std that makes infinities") << ampulla << "/input/std/1" << "1e-30" << "input.std[1]: must be a number from 0.000001";
    QTest::newRow("mean far off") << ampulla << "/input/mean/0" << "1e300" << "input.mean[0]: must be a number from -1000";
    QTest::newRow("mean as text") << ampulla << "/input/mean/0" << R"("0.5")" << "input.mean[0]: must be a number";
    QTest::newRow("box threshold above one") << ampulla << "/postprocess/box_threshold" << "1.5" << "postprocess.box_threshold: must be a number from 0 to 1";
    QTest::newRow("box threshold on zero") << ampulla << "/postprocess/box_threshold" << "0" << "postprocess.box_threshold: must lie between 0 and 1";
    QTest::newRow("display threshold below zero") << ampulla << "/postprocess/display_threshold" << "-0.1" << "postprocess.display_threshold: must be a number from 0 to 1";
    QTest::newRow("region far too large") << difficulty << "/input/region_of_interest/scale" << "50" << "input.region_of_interest.scale: must be a number from 0.1 to 10";
    QTest::newRow("region around the unknown") << difficulty << "/input/region_of_interest/around" << R"("elbow")" << "input.region_of_interest.around: must be ampulla_box";
    QTest::newRow("difficulty without its region") << difficulty << "/input/region_of_interest" << "null" << "input.region_of_interest: a cannulation difficulty model";
    QTest::newRow("label twice") << cyst << "/labels/1" << R"("MCN")" << "labels: 'MCN' appears twice";
    QTest::newRow("label not text") << cyst << "/labels/1" << "7" << "labels[1]: must be non-empty text";
    QTest::newRow("width zero") << ampulla << "/input/width" << "0" << "input.width: must be a whole number from 1 to 16384";
    QTest::newRow("height huge") << ampulla << "/input/height" << "1e12" << "input.height: must be a whole number";
    QTest::newRow("name as number") << ampulla << "/name" << "3" << "name: must be text";
    QTest::newRow("name with an escape") << ampulla << "/name" << "\"demo\\u001b[2J\"" << "name: holds control characters";
    QTest::newRow("mask shaped like logits") << ampulla << "/outputs/0/shape" << "[1, 4]" << "outputs[0].shape: a soft mask must be [1, 1, H, W]";
    QTest::newRow("output of 10^20 values") << ampulla << "/outputs/0/shape" << "[1, 100000, 100000, 100000, 100000]"
                                            << "outputs[0].shape: is too large";
    QTest::newRow("logits for another label count") << cyst << "/outputs/0/shape" << "[1, 3]" << "outputs[0].shape: must be [1, N]";
    QTest::newRow("output named twice") << cyst << "/outputs/1/name" << R"("logits")" << "outputs[1].name: 'logits' is used by another output";
    QTest::newRow("difficult class unknown") << difficulty << "/postprocess/difficult_classes/0" << R"("bleeding")" << "postprocess.difficult_classes: 'bleeding' is not one of";
    QTest::newRow("grad-cam without a feature map") << cyst << "/outputs" << R"([{"name": "logits", "shape": [1, 2]}])" << "postprocess.gradcam_method: needs a [1, C, H, W] feature map";
    QTest::newRow("half precision as text") << ampulla << "/half_precision" << R"("yes")" << "half_precision: must be true or false";
    QTest::newRow("model file elsewhere") << ampulla << "/file" << R"("../ercp-ampulla-demo.pt")" << "file: must be a file name beside the card";
    QTest::newRow("postprocess not an object") << ampulla << "/postprocess" << "[]" << "postprocess: must be a JSON object";
    QTest::newRow("malformed task") << ampulla << "/task" << R"("Polyp finder")" << "task: must be 1 to 64 of a-z, 0-9 and '_'";
    QTest::newRow("site task without a kind") << ampulla << "/task" << R"("polyp")" << "kind: is needed for task polyp";
    QTest::newRow("unknown kind") << ampulla << "/kind" << R"("detector")" << "kind: unknown head kind 'detector'";
    QTest::newRow("bundled task of another kind") << cyst << "/kind" << R"("soft_mask_localiser")" << "kind: task cyst_type is done by a classifier";
    QTest::newRow("soft mask through softmax") << ampulla << "/postprocess/activation" << R"("softmax")" << "postprocess.activation: must be sigmoid for a soft mask";
    QTest::newRow("unknown activation") << cyst << "/postprocess/activation" << R"("relu")" << "postprocess.activation: must be softmax or sigmoid";
    const QString ct = "ct-renal-corticomedullary-demo.json";
    const QString liver = "mri-liver-demo.json";
    QTest::newRow("CT window of no width") << ct << "/input/window/width" << "1" << "input.window.width: must be a number from 2 to 65536";
    QTest::newRow("CT window in other units") << ct << "/input/window/units" << R"("mm")" << "input.window.units: must be HU";
    QTest::newRow("CT window centre as text") << ct << "/input/window/centre" << R"("40")" << "input.window.centre: must be a number";
    QTest::newRow("stretch percentiles reversed") << liver << "/input/intensity/stretch_percentiles" << "[99.5, 0.5]" << "input.intensity.stretch_percentiles: must be a low, then a higher percentile";
    QTest::newRow("stretch past 100") << liver << "/input/intensity/stretch_percentiles/1" << "150" << "input.intensity.stretch_percentiles[1]: must be a number from 0 to 100";
    const QString segmented = "mri-cirrhosis-segmented-demo.json";
    QTest::newRow("decision for an unknown label") << ct << "/postprocess/decision/label" << R"("cyst")" << "postprocess.decision.label: 'cyst' is not one of the card's labels";
    QTest::newRow("decision cut-off of 1") << ct << "/postprocess/decision/cutoff" << "1" << "postprocess.decision.cutoff: must lie between 0 and 1, not on them";
    QTest::newRow("decision cut-off as text") << ct << "/postprocess/decision/cutoff" << R"("0.5")" << "postprocess.decision.cutoff: must be a number";
    QTest::newRow("decision on a segmenter") << liver << "/postprocess/decision" << R"({"label": "liver", "cutoff": 0.5})" << "postprocess.decision: is a classifier's; this card is a segmenter";
    QTest::newRow("negative mask margin") << segmented << "/postprocess/mask_margin_px" << "-1" << "postprocess.mask_margin_px: must be";
    QTest::newRow("mask margin as text") << segmented << "/postprocess/mask_margin_px" << R"("1")" << "postprocess.mask_margin_px: must be";
    QTest::newRow("window and stretch") << liver << "/input/window" << R"({"centre": 40, "width": 400, "units": "HU"})" << "input.window: and intensity cannot both be given";
    QTest::newRow("grouped labels on a soft mask") << ampulla << "/postprocess/difficult_classes" << R"(["ampulla"])" << "postprocess.difficult_classes: is a classifier's; this card is a soft_mask_localiser";
  }

  void badFieldsAreNamed() {
    QFETCH(QString, card);
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    editCard(models_ / card.toStdString(), [&](auto& json) {
      json[nlohmann::json::json_pointer(pointer.toStdString())] = nlohmann::json::parse(value.toStdString());
    });
    const QString message = failureOf([&] { ModelCard::load(models_ / card.toStdString()); });
    QVERIFY2(message.startsWith("model card ") && message.contains(card + ": " + problem), qPrintable(message));
  }

  // The card's own bytes are part of the model's identity: an edited card never passes for the original.
  void editedCardHasAnotherIdentity() {
    const ModelIdentity original = ModelCard::load(models_ / kAmpullaCard).identity();
    QCOMPARE(original.cardSha256.size(), std::size_t{64});
    editCard(models_ / kAmpullaCard, [](auto& card) { card["postprocess"]["display_threshold"] = 0.2; });
    const ModelIdentity edited = ModelCard::load(models_ / kAmpullaCard).identity();
    QCOMPARE(edited.sha256, original.sha256);
    QVERIFY(edited.cardSha256 != original.cardSha256);
    QVERIFY(QString::fromStdString(describe(edited)).contains(QString::fromStdString(edited.cardSha256.substr(0, 8))));
  }

  // Two cards of one task may sit side by side, each used by its name; a head that asks by task must not guess.
  void twoCardsForOneTaskAreAmbiguousUnlessOneIsChosen() {
    fs::copy_file(models_ / "eus-cyst-demo.json", models_ / "eus-cyst-site.json");
    editCard(models_ / "eus-cyst-site.json", [](auto& card) { card["name"] = "eus-cyst-site"; });
    const std::vector<ModelCard> all = loadModelCards(models_);
    const std::size_t bundled = test::bundledModelCount();
    QCOMPARE(all.size(), bundled + 1);
    const QString message = failureOf([&] { ResolvedProtocol::resolve(findProtocol(test::bundledProtocols(), "eus"), all); });
    QVERIFY2(message.contains("eus.json: heads[0].card:") && message.contains("eus-cyst-demo.json") &&
                 message.contains("eus-cyst-site.json") && message.contains("both serve cyst_type") &&
                 message.contains("--model"),
             qPrintable(message));
    const std::vector<ModelCard> chosen = loadModelCards(models_, {"eus-cyst-site"});
    QCOMPARE(chosen.size(), bundled);
    QCOMPARE(findCard(chosen, kCystTypeTask)->name, std::string("eus-cyst-site"));
    QCOMPARE(ResolvedProtocol::resolve(findProtocol(test::bundledProtocols(), "eus"), chosen).heads.at(0).card.name,
             std::string("eus-cyst-site"));
    QCOMPARE(loadModelCards(models_, {"eus-cyst-demo"}).size(), bundled);
    const QString both = failureOf([&] { loadModelCards(models_, {"eus-cyst-demo", "eus-cyst-site"}); });
    QVERIFY2(both.contains("both serve cyst_type"), qPrintable(both));
    const QString unknown = failureOf([&] { loadModelCards(models_, {"nobody"}); });
    QVERIFY2(unknown.contains("no model card named 'nobody'"), qPrintable(unknown));
  }

  void segmenterCardIsCheckedForItsKind() {
    const fs::path folder = models_ / "segmenter";
    test::writeSegmenterModel(folder, folder / "protocols");
    const ModelCard card = ModelCard::load(folder / "organ-seg.json");
    QVERIFY(card.kind == HeadKind::Segmenter && card.activation == Activation::Softmax);
    QCOMPARE(card.segmentedLabel, std::size_t{1});
    QVERIFY(card.drives(ReadoutKind::Segmentation) && !card.drives(ReadoutKind::ClassBadge));
    editCard(folder / "organ-seg.json", [](auto& json) { json["outputs"][0]["shape"] = {1, 3, 24, 32}; });
    QVERIFY(failureOf([&] { ModelCard::load(folder / "organ-seg.json"); })
                .contains("outputs[0].shape: must be [1, N, H, W] with one of its 2 labels per channel"));
    editCard(folder / "organ-seg.json", [](auto& json) {
      json["outputs"][0]["shape"] = {1, 2, 24, 32};
      json["postprocess"]["segment_label"] = "liver";
    });
    QVERIFY(failureOf([&] { ModelCard::load(folder / "organ-seg.json"); })
                .contains("postprocess.segment_label: 'liver' is not one of the card's labels"));
  }

  void twoCardsOfOneNameAreRefused() {
    fs::copy_file(models_ / "eus-cyst-demo.json", models_ / "eus-cyst-copy.json");
    const QString message = failureOf([&] { loadModelCards(models_); });
    QVERIFY2(message.contains("eus-cyst-copy.json") && message.contains("both named eus-cyst-demo"), qPrintable(message));
  }

  void missingModelFileIsNamed() {
    fs::remove(models_ / "ercp-ampulla-demo.pt");
    const QString message = failureOf([&] { ModelCard::load(models_ / kAmpullaCard); });
    QVERIFY2(message.contains("ercp-ampulla-demo.pt") && message.contains("does not exist"), qPrintable(message));
  }

  void wrongChecksumIsRefusedBeforeLoading() {
    editCard(models_ / kAmpullaCard, [](auto& card) { card["sha256"] = std::string(64, 'a'); });
    const ModelCard card = ModelCard::load(models_ / kAmpullaCard);
    const QString message = failureOf([&] { SoftMaskHead head(card, {}); });
    QVERIFY2(message.contains("refused") && message.contains("SHA-256") && message.contains("ercp-ampulla-demo.pt"),
             qPrintable(message));
  }

  void changedModelFileIsRefused() {
    std::string bytes = test::readText(models_ / "ercp-ampulla-demo.pt");
    bytes.back() = static_cast<char>(bytes.back() ^ 1);
    test::writeText(models_ / "ercp-ampulla-demo.pt", bytes);
    const ModelCard card = ModelCard::load(models_ / kAmpullaCard);
    const QString message = failureOf([&] { SoftMaskHead head(card, {}); });
    QVERIFY2(message.contains("refused"), qPrintable(message));
  }

  void wrongOutputShapeIsCaughtOnTheFirstFrame() {
    editCard(models_ / kAmpullaCard, [](auto& card) { card["outputs"][0]["shape"] = {1, 1, 36, 48}; });
    SoftMaskHead head(ModelCard::load(models_ / kAmpullaCard), {});
    Frame frame;
    frame.bgrx = cv::Mat(480, 640, CV_8UC4, cv::Scalar(90, 110, 180, 255));
    StageTimings timings;
    const QString message = failureOf([&] { head.localise(frame, timings); });
    QVERIFY2(message.contains("returned shape [1,1,72,96]") && message.contains("says [1,1,36,48]") &&
                 message.contains(kAmpullaCard),
             qPrintable(message));
  }

  void gradCamMethodTheModelLacksIsNamed() {
    editCard(models_ / "eus-cyst-demo.json", [](auto& card) { card["postprocess"]["gradcam_method"] = "explain"; });
    const ModelCard card = ModelCard::load(models_ / "eus-cyst-demo.json");
    const QString message = failureOf([&] { ClassifierHead head(card, {}); });
    QVERIFY2(message.contains("no method 'explain'") && message.contains("eus-cyst-demo.json"), qPrintable(message));
  }

  void cardForAnotherTaskIsRefusedByTheHead() {
    const ModelCard card = ModelCard::load(models_ / "eus-cyst-demo.json");
    const QString message = failureOf([&] { SoftMaskHead head(card, {}); });
    QVERIFY2(message.contains("eus-cyst-demo.json") && message.contains("a classifier, not a soft_mask_localiser"), qPrintable(message));
  }

  void emptyModelsDirectoryIsReported() {
    const fs::path empty = models_ / "empty";
    fs::create_directories(empty);
    const QString message = failureOf([&] { loadModelCards(empty); });
    QVERIFY2(message.contains("holds no model cards"), qPrintable(message));
    const QString missing = failureOf([&] { loadModelCards(models_ / "nowhere"); });
    QVERIFY2(missing.contains("does not exist"), qPrintable(missing));
  }
};

QTEST_APPLESS_MAIN(ModelCardTest)
#include "ModelCardTest.moc"
