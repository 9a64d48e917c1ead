#include <QtTest>

#include "core/evaluation/GroundTruth.h"
#include "core/evaluation/LocalisationMetrics.h"
#include "core/model/ModelCard.h"
#include "core/analysis/SoftMaskHead.h"
#include "support/DemoClip.h"
#include "support/TestFiles.h"

using namespace endoverlay;

class SoftMaskHeadTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void findsThePapillaOnADemoFrame() {
    const std::int64_t index = 300;
    const auto truth = loadTruthLines(test::ercpDemoTruth()).at(index);
    QVERIFY(truth.box.has_value());
    const Frame frame = test::decodeFrame(test::ercpDemoClip(), index);

    SoftMaskHead head(ModelCard::load(test::bundledModels() / "ercp-ampulla-demo.json"), {});
    StageTimings timings;
    const HeadOutput output = head.localise(frame, timings);

    QVERIFY(output.kind == HeadKind::SoftMaskLocaliser && output.readout == ReadoutKind::HeatmapBox && output.ran);
    QCOMPARE(output.mask.cols, 96);
    QCOMPARE(output.mask.rows, 72);
    QVERIFY(output.detection.has_value());
    QVERIFY(output.detection->score >= output.displayThreshold);
    const double iou = intersectionOverUnion(output.detection->box, *truth.box);
    QVERIFY2(iou > 0.7, qPrintable(QStringLiteral("IoU %1").arg(iou)));
    QCOMPARE(output.model.name, std::string("ercp-ampulla-demo"));
    QCOMPARE(output.model.sha256.size(), std::size_t{64});
    QVERIFY(timings.inferenceMs > 0 && timings.postprocessMs > 0);
    QCOMPARE(head.device(), std::string("CPU"));
  }

  void seesNothingWhereThereIsNoPapilla() {
    const std::int64_t index = 20;
    QVERIFY(!loadTruthLines(test::ercpDemoTruth()).at(index).box.has_value());
    SoftMaskHead head(ModelCard::load(test::bundledModels() / "ercp-ampulla-demo.json"), {});
    StageTimings timings;
    const HeadOutput output = head.localise(test::decodeFrame(test::ercpDemoClip(), index), timings);
    QVERIFY(!output.detection || output.detection->score < output.displayThreshold);
  }
};

QTEST_APPLESS_MAIN(SoftMaskHeadTest)
#include "SoftMaskHeadTest.moc"
