#include <QtTest>

#include "core/AmpullaHead.h"
#include "core/ModelCard.h"
#include "core/GroundTruth.h"
#include "core/LocalisationMetrics.h"
#include "support/DemoClip.h"
#include "support/TestFiles.h"

using namespace endoverlay;

class AmpullaHeadTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void findsThePapillaOnADemoFrame() {
    const std::int64_t index = 300;
    const auto truth = loadTruthLines(test::ercpDemoTruth()).at(index);
    QVERIFY(truth.box.has_value());
    const Frame frame = test::decodeFrame(test::ercpDemoClip(), index);

    AmpullaHead head(ModelCard::load(test::bundledModels() / "ercp-ampulla-demo.json"), {});
    const InferenceResult result = head.analyze(frame);

    QCOMPARE(result.frameIndex, index);
    QCOMPARE(result.ptsNs, frame.ptsNs);
    QCOMPARE(result.ampullaMask.cols, 96);
    QCOMPARE(result.ampullaMask.rows, 72);
    QVERIFY(result.ampulla.has_value());
    QVERIFY(result.ampulla->score >= result.displayThreshold);
    const double iou = intersectionOverUnion(result.ampulla->box, *truth.box);
    QVERIFY2(iou > 0.7, qPrintable(QStringLiteral("IoU %1").arg(iou)));
    QCOMPARE(result.models.at(0).name, std::string("ercp-ampulla-demo"));
    QCOMPARE(result.models.at(0).sha256.size(), std::size_t{64});
    QVERIFY(result.timings.inferenceMs > 0);
    QCOMPARE(result.device, std::string("CPU"));
  }

  void seesNothingWhereThereIsNoPapilla() {
    const std::int64_t index = 20;
    QVERIFY(!loadTruthLines(test::ercpDemoTruth()).at(index).box.has_value());
    AmpullaHead head(ModelCard::load(test::bundledModels() / "ercp-ampulla-demo.json"), {});
    const InferenceResult result = head.analyze(test::decodeFrame(test::ercpDemoClip(), index));
    QVERIFY(!result.ampulla || result.ampulla->score < result.displayThreshold);
  }
};

QTEST_APPLESS_MAIN(AmpullaHeadTest)
#include "AmpullaHeadTest.moc"
