#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/AmpullaHead.h"
#include "core/ClassifierHead.h"
#include "core/ModelCard.h"
#include "core/ModelDirectory.h"
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

  void bundledCardLoads() {
    const ModelCard card = ModelCard::load(models_ / kAmpullaCard);
    QCOMPARE(card.name, std::string("ercp-ampulla-demo"));
    QVERIFY(card.task == ModelTask::AmpullaSoftMask);
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
    QVERIFY2(message.contains("missing field 'input.std'"), qPrintable(message));
  }

  void missingModelFileIsNamed() {
    fs::remove(models_ / "ercp-ampulla-demo.pt");
    const QString message = failureOf([&] { ModelCard::load(models_ / kAmpullaCard); });
    QVERIFY2(message.contains("ercp-ampulla-demo.pt") && message.contains("does not exist"), qPrintable(message));
  }

  void wrongChecksumIsRefusedBeforeLoading() {
    editCard(models_ / kAmpullaCard, [](auto& card) { card["sha256"] = std::string(64, 'a'); });
    const ModelCard card = ModelCard::load(models_ / kAmpullaCard);
    const QString message = failureOf([&] { AmpullaHead head(card, {}); });
    QVERIFY2(message.contains("refused") && message.contains("SHA-256") && message.contains("ercp-ampulla-demo.pt"),
             qPrintable(message));
  }

  void changedModelFileIsRefused() {
    std::string bytes = test::readText(models_ / "ercp-ampulla-demo.pt");
    bytes.back() = static_cast<char>(bytes.back() ^ 1);
    test::writeText(models_ / "ercp-ampulla-demo.pt", bytes);
    const ModelCard card = ModelCard::load(models_ / kAmpullaCard);
    const QString message = failureOf([&] { AmpullaHead head(card, {}); });
    QVERIFY2(message.contains("refused"), qPrintable(message));
  }

  void wrongOutputShapeIsCaughtOnTheFirstFrame() {
    editCard(models_ / kAmpullaCard, [](auto& card) { card["outputs"][0]["shape"] = {1, 1, 36, 48}; });
    AmpullaHead head(ModelCard::load(models_ / kAmpullaCard), {});
    Frame frame;
    frame.bgrx = cv::Mat(480, 640, CV_8UC4, cv::Scalar(90, 110, 180, 255));
    const QString message = failureOf([&] { head.analyze(frame); });
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
    const QString message = failureOf([&] { AmpullaHead head(card, {}); });
    QVERIFY2(message.contains("cyst_type") && message.contains("not ampulla_soft_mask"), qPrintable(message));
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
