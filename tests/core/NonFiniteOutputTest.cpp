#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/analysis/InferenceStage.h"
#include "core/model/ModelDirectory.h"
#include "core/recording/ResultJson.h"
#include "core/model/SelfTest.h"
#include "support/NonFiniteModels.h"
#include "support/ResultHeads.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;
using nlohmann::json;
using test::headOf;

namespace {

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
    test::writeNonFiniteModels(dir() / "valid", 0.0, 0.0);
    InferenceStage valid(test::bundledProtocols(), loadModelCards(dir() / "valid"), {}, "ercp");
    const InferenceResult fine = valid.analyze(frameOf(0, 128));
    QVERIFY(!fine.anyInvalid());
    QVERIFY(!headOf(fine, "ampulla").mask.empty() && cv::checkRange(headOf(fine, "ampulla").mask));

    // A mean above every pixel makes the normalised input negative, and the model's square root NaN.
    test::writeNonFiniteModels(dir() / "nan", 1.0, 0.0);
    InferenceStage stage(test::bundledProtocols(), loadModelCards(dir() / "nan"), {}, "ercp");
    for (int i = 0; i < 60; ++i) {
      const InferenceResult r = stage.analyze(frameOf(i, 128));
      const HeadOutput& ampulla = headOf(r, "ampulla");
      QVERIFY(ampulla.invalid);
      QVERIFY(!ampulla.detection && ampulla.mask.empty());
      QVERIFY(!ampulla.stable.detection && ampulla.stable.mask.empty());
      QVERIFY(!r.head("difficulty"));  // these models have none, and ERCP runs without it
      const json line = resultToJson(r).at("heads")[0];
      QCOMPARE(line.at("invalid"), json(true));
      QVERIFY(line.at("box").is_null() && line.at("shown_box").is_null());
      QCOMPARE(line.at("score").get<double>(), 0.0);
    }
    QCOMPARE(stage.invalidResults(), std::int64_t{60});
    QCOMPARE(valid.invalidResults(), std::int64_t{0});
  }

  void infiniteOutputHidesTheBadgeOnlyWhileItLasts() {
    test::writeNonFiniteModels(dir(), 0.0, 0.0);
    InferenceStage stage(test::bundledProtocols(), loadModelCards(dir()), {}, "eus");
    InferenceResult r;
    int i = 0;
    // A bright frame: logits [1 / 0.78, 0], P(MCN) 0.78, above the badge's 0.7.
    for (; i < 30; ++i) r = stage.analyze(frameOf(i, 200));
    QCOMPARE(headOf(r, "cyst_type").stable.label.value_or(""), std::string("MCN"));
    // A black frame: the input's mean is 0 and the first logit infinite.
    for (; i < 40; ++i) {
      r = stage.analyze(frameOf(i, 0));
      const HeadOutput& cyst = headOf(r, "cyst_type");
      QVERIFY(cyst.invalid);
      QVERIFY(!cyst.probabilities && !cyst.stable.label && !cyst.stable.probabilities);
      QVERIFY(resultToJson(r).at("heads")[0].at("badge").is_null());
    }
    QCOMPARE(stage.invalidResults(), std::int64_t{10});
    r = stage.analyze(frameOf(i, 200));
    QVERIFY(!r.anyInvalid());
    QCOMPARE(headOf(r, "cyst_type").stable.label.value_or(""), std::string("MCN"));
  }

  void selfTestRefusesAModelThatGivesNan() {
    test::writeNonFiniteModels(dir(), 1.0, 0.0);
    try {
      AnalysisSetup setup;
      setup.modelsDirectory = dir();
      runSelfTest(setup);
      QFAIL("the self-test passed a model that returns NaN");
    } catch (const ModelCardError& e) {
      QVERIFY2(QString(e.what()).contains("nan-mask 1 returned NaN or infinity"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(NonFiniteOutputTest)
#include "NonFiniteOutputTest.moc"
