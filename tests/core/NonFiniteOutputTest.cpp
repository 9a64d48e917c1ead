#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/InferenceStage.h"
#include "core/ModelDirectory.h"
#include "core/ResultJson.h"
#include "core/SelfTest.h"
#include "core/Sha256.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kTestModels = ENDOVERLAY_TEST_MODELS;

// Cards for the tiny models of tests/models/make_nonfinite_test_models.py, with the normalisation's mean given.
void writeCards(const fs::path& folder, double maskMean, double cystMean) {
  fs::create_directories(folder);
  for (const char* model : {"nonfinite_mask.pt", "nonfinite_classifier.pt"})
    fs::copy_file(kTestModels / model, folder / model, fs::copy_options::overwrite_existing);
  const json mask = {{"schema", "endoverlay.model-card/1"}, {"name", "nan-mask"}, {"version", "1"},
                     {"task", "ampulla_soft_mask"}, {"file", "nonfinite_mask.pt"},
                     {"sha256", sha256OfFile(folder / "nonfinite_mask.pt")}, {"training_data", "none: a test model"},
                     {"input", {{"width", 32}, {"height", 24}, {"channels", 3}, {"colour_order", "RGB"},
                                {"mean", {maskMean, maskMean, maskMean}}, {"std", {1, 1, 1}}}},
                     {"outputs", {{{"name", "mask"}, {"shape", {1, 1, 12, 16}}}}}, {"labels", json::array()},
                     {"postprocess", {{"box_threshold", 0.6}, {"display_threshold", 0.5}}}};
  const json cyst = {{"schema", "endoverlay.model-card/1"}, {"name", "inf-cyst"}, {"version", "1"},
                     {"task", "cyst_type"}, {"file", "nonfinite_classifier.pt"},
                     {"sha256", sha256OfFile(folder / "nonfinite_classifier.pt")}, {"training_data", "none: a test model"},
                     {"input", {{"width", 32}, {"height", 32}, {"channels", 1}, {"colour_order", "GREY"},
                                {"mean", {cystMean}}, {"std", {1}}}},
                     {"outputs", {{{"name", "logits"}, {"shape", {1, 2}}}}}, {"labels", {"MCN", "SCN"}}};
  test::writeText(folder / "nan-mask.json", mask.dump(2));
  test::writeText(folder / "inf-cyst.json", cyst.dump(2));
}

Frame frameOf(int index, int grey) {
  Frame frame;
  frame.index = index;
  frame.ptsNs = index * 40'000'000LL;
  frame.bgrx = cv::Mat(480, 640, CV_8UC4, cv::Scalar(grey, grey, grey, 255));
  return frame;
}

}  // namespace

// Never a warning the model did not give: a NaN or an infinity from a head
// makes that head's result invalid for the frame, drawn as nothing.
class NonFiniteOutputTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return fs::path(scratch_.path().toStdString()) / QTest::currentTestFunction(); }

 private Q_SLOTS:
  void cardWhoseNormalisationMakesNanShowsNothing() {
    writeCards(dir() / "valid", 0.0, 0.0);
    InferenceStage valid(loadModelCards(dir() / "valid"), {}, Mode::Ercp);
    const InferenceResult fine = valid.analyze(frameOf(0, 128));
    QVERIFY(fine.invalidOutputs.empty());
    QVERIFY(!fine.ampullaMask.empty() && cv::checkRange(fine.ampullaMask));

    // A mean above every pixel makes the normalised input negative, and the model's square root NaN.
    writeCards(dir() / "nan", 1.0, 0.0);
    InferenceStage stage(loadModelCards(dir() / "nan"), {}, Mode::Ercp);
    for (int i = 0; i < 60; ++i) {
      const InferenceResult r = stage.analyze(frameOf(i, 128));
      QVERIFY(r.isInvalid(ModelTask::AmpullaSoftMask));
      QVERIFY(!r.ampulla && r.ampullaMask.empty() && !r.difficulty);
      QVERIFY(!r.stable.ampulla && r.stable.ampullaMask.empty() && r.stable.light == TrafficLight::Off);
      const json line = resultToJson(r);
      QCOMPARE(line.at("invalid"), json::array({"ampulla_soft_mask"}));
      QVERIFY(line.at("box").is_null() && line.at("shown_box").is_null());
      QCOMPARE(line.at("score").get<double>(), 0.0);
    }
    QCOMPARE(stage.invalidResults(), std::int64_t{60});
    QCOMPARE(valid.invalidResults(), std::int64_t{0});
  }

  void infiniteOutputHidesTheBadgeOnlyWhileItLasts() {
    writeCards(dir(), 0.0, 0.0);
    InferenceStage stage(loadModelCards(dir()), {}, Mode::Eus);
    InferenceResult r;
    int i = 0;
    // A bright frame: logits [1 / 0.78, 0], P(MCN) 0.78, above the badge's 0.7.
    for (; i < 30; ++i) r = stage.analyze(frameOf(i, 200));
    QCOMPARE(r.stable.cystLabel.value_or(""), std::string("MCN"));
    // A black frame: the input's mean is 0 and the first logit infinite.
    for (; i < 40; ++i) {
      r = stage.analyze(frameOf(i, 0));
      QVERIFY(r.isInvalid(ModelTask::CystType));
      QVERIFY(!r.cystType && !r.stable.cystLabel && !r.stable.cystType);
      QVERIFY(resultToJson(r).at("cyst_badge").is_null());
    }
    QCOMPARE(stage.invalidResults(), std::int64_t{10});
    r = stage.analyze(frameOf(i, 200));
    QVERIFY(r.invalidOutputs.empty());
    QCOMPARE(r.stable.cystLabel.value_or(""), std::string("MCN"));
  }

  void selfTestRefusesAModelThatGivesNan() {
    writeCards(dir(), 1.0, 0.0);
    try {
      runSelfTest(AnalysisSetup{dir(), {}, {}, {}});
      QFAIL("the self-test passed a model that returns NaN");
    } catch (const ModelCardError& e) {
      QVERIFY2(QString(e.what()).contains("nan-mask 1 returned NaN or infinity"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(NonFiniteOutputTest)
#include "NonFiniteOutputTest.moc"
