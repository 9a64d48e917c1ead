#include <QtTest>

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

#include "core/evaluation/GroundTruth.h"
#include "core/recording/SidecarFile.h"
#include "pipeline/AnnotatedExport.h"
#include "support/DemoClip.h"
#include "support/OverlayPixels.h"
#include "support/SegmenterModel.h"
#include "support/TestFiles.h"
#include "ui/ReplayController.h"
#include "ui/VideoController.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

QString path(const fs::path& p) { return QString::fromStdString(p.string()); }

// The JSON block after `<!-- example: NAME` in docs/protocols.md.
std::string docsExample(const std::string& name) {
  const std::string docs = test::readText(fs::path(ENDOVERLAY_TEST_DOCS) / "protocols.md");
  const std::size_t marker = docs.find("<!-- example: " + name);
  if (marker == std::string::npos) throw std::runtime_error("docs/protocols.md lost its example " + name);
  const std::size_t start = docs.find("```json\n", marker) + 8;
  return docs.substr(start, docs.find("```", start) - start);
}

std::unique_ptr<QQmlApplicationEngine> load(const QString& qml, const QVariantMap& properties) {
  auto engine = std::make_unique<QQmlApplicationEngine>();
  engine->setInitialProperties(properties);
  engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/%1").arg(qml)));
  return engine;
}

QQuickWindow* windowOf(const QQmlApplicationEngine& engine) {
  return engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
}

// Whether the window shows the box's yellow on the top edge of `box` (frame pixels).
bool yellowOnTopEdge(QQuickWindow& window, const QImage& shot, const Box& box, QSize frame) {
  auto* overlay = window.findChild<QQuickItem*>(QStringLiteral("heatmapBoxOverlay"));
  const QRectF content = overlay->property("contentRect").toRectF();
  const double scale = content.width() / frame.width();
  const QPoint top = overlay->mapToScene(QPointF(content.x() + (box.x + box.width / 2) * scale, content.y() + box.y * scale))
                         .toPoint();
  for (int dy = -3; dy <= 3; ++dy)
    if (test::isBoxYellow(shot.pixel(top + QPoint(0, dy)))) return true;
  return false;
}

// The last recorded result whose box was drawn.
const InferenceResult* lastBoxed(const SidecarFile& sidecar) {
  const InferenceResult* last = nullptr;
  for (const InferenceResult& result : sidecar.results)
    if (result.heads.front().detectionShown()) last = &result;
  return last;
}

}  // namespace

// Whether `pixel` is the segmentation's magenta (ReadoutStyle), as the window draws its outline.
bool isSegmentationMagenta(QRgb pixel) { return qRed(pixel) > 200 && qBlue(pixel) > 150 && qGreen(pixel) < 130; }

// A site adds a soft-mask model of its own (here the bundled ampulla model
// under another name and task) and a protocol for it, both taken from the
// worked example in docs/protocols.md, with no C++: the window draws its
// heatmap and box, the recording's sidecar names its head and model, replay
// draws the recorded box and an exported PNG has it burned in.
class SiteModelTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path models_;
  fs::path protocols_;
  fs::path recordings_;
  fs::path video_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(scratch_.isValid());
    const fs::path root = scratch_.path().toStdString();
    models_ = root / "site-models";
    protocols_ = root / "site-protocols";
    recordings_ = root / "recordings";
    fs::create_directories(protocols_);
    fs::create_directories(recordings_);
    test::copyBundledModels(models_);
    fs::copy_file(models_ / "ercp-ampulla-demo.pt", models_ / "papilla-site.pt");
    test::writeText(models_ / "papilla-site.json", docsExample("papilla-site.json"));
    test::writeText(protocols_ / "site-papilla.json", docsExample("site-papilla.json"));
  }

  void windowDrawsTheSiteHeadAndRecordsIt() {
    const auto truth = loadTruthLines(test::ercpDemoTruth());
    auto engine = load(QStringLiteral("Main.qml"),
                       {{"source", path(test::ercpDemoClip())}, {"mode", "site-papilla"}, {"protocolsDirectory", path(protocols_)},
                        {"modelsDirectory", path(models_)}, {"settingsFile", ""}, {"device", "auto"}, {"cpuThreads", 0},
                        {"explain", false}, {"recordingsFolder", path(recordings_)}, {"recordAtStart", true}});
    QQuickWindow* window = windowOf(*engine);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto* controller = window->findChild<VideoController*>(QStringLiteral("controller"));
    QVERIFY(controller);
    VideoController& c = *controller;
    QVERIFY2(c.errorText().isEmpty(), qPrintable(c.errorText()));
    QCOMPARE(c.modeName(), QStringLiteral("Site papilla"));
    // The bundled modes still run beside the site's: their heads ask for their own tasks.
    QCOMPARE(c.modes().size(), 4);
    QTRY_VERIFY_WITH_TIMEOUT(c.frameIndex() >= 200 && c.readout()->detectionShown() && c.resultFrameIndex() >= 180 &&
                                 truth.at(c.resultFrameIndex()).box.has_value(),
                             60'000);
    const std::int64_t resultFrame = c.resultFrameIndex();
    const InferenceResult shown = *c.readout()->result();
    QCOMPARE(shown.heads.size(), std::size_t{1});
    QCOMPARE(shown.heads.front().model.name, std::string("papilla-site"));
    const QImage shot = window->grabWindow();
    test::saveForReview(shot, QStringLiteral("site_model_window"));
    const QRect box = test::toWindow(*truth.at(resultFrame).box, c.readout()->frameSize(), shot.size());
    const QRect core = box.marginsRemoved(QMargins(box.width() / 5, box.height() / 5, box.width() / 5, box.height() / 5));
    QVERIFY2(test::heatmapShare(shot, core) > 0.5, "no heatmap on the papilla");
    QVERIFY(yellowOnTopEdge(*window, shot, shown.heads.front().stable.detection->box, c.readout()->frameSize()));
    QVERIFY(c.readout()->trafficLight() == OverlayReadout::Light::Off);
    QTest::qWait(1000);
    engine.reset();  // closing the window finishes the recording

    for (const auto& entry : fs::directory_iterator(recordings_))
      if (entry.path().extension() == ".mkv") video_ = entry.path();
    QVERIFY(!video_.empty());
    QVERIFY2(video_.filename().string().find("SITE-PAPILLA") != std::string::npos, video_.filename().string().c_str());
  }

  void sidecarNamesTheSiteHead() {
    QVERIFY(!video_.empty());
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video_));
    QVERIFY2(sidecar.damage.empty(), sidecar.damage.c_str());
    QCOMPARE(sidecar.header.protocolId, std::string("site-papilla"));
    QCOMPARE(sidecar.header.protocolName, std::string("Site papilla"));
    int boxed = 0;
    for (const InferenceResult& result : sidecar.results) {
      QCOMPARE(result.heads.size(), std::size_t{1});
      const HeadOutput& head = result.heads.front();
      QCOMPARE(head.id, std::string("papilla"));
      QVERIFY(head.kind == HeadKind::SoftMaskLocaliser && head.readout == ReadoutKind::HeatmapBox);
      QCOMPARE(head.model.name, std::string("papilla-site"));
      boxed += head.detectionShown();
    }
    QVERIFY2(boxed > 10, qPrintable(QStringLiteral("%1 results with a box").arg(boxed)));
  }

  void exportedPngHasTheRecordedBox() {
    QVERIFY(!video_.empty());
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video_));
    const InferenceResult* last = lastBoxed(sidecar);
    QVERIFY(last);
    const fs::path png = fs::path(scratch_.path().toStdString()) / "site.png";
    exportAnnotatedFrame(video_, sidecar, last->frameIndex, png, SnapshotFormat::Png);
    const cv::Mat picture = cv::imread(png.string());
    QVERIFY(!picture.empty());
    QVERIFY2(test::boxEdgePixels(picture, last->heads.front().stable.detection->box) > 0, "no box edge where the sidecar puts it");
  }

  // A segmenter of a site's (a test model that calls the bright pixels its organ) outlines its region in the window.
  void windowOutlinesASegmentersRegion() {
    const fs::path root = fs::path(scratch_.path().toStdString()) / "segmenter";
    test::writeSegmenterModel(root / "models", root / "protocols");
    auto engine = load(QStringLiteral("Main.qml"),
                       {{"source", path(test::resources() / "clips" / "eus_demo.mp4")}, {"mode", "organ"},
                        {"protocolsDirectory", path(root / "protocols")}, {"modelsDirectory", path(root / "models")},
                        {"settingsFile", ""}, {"device", "auto"}, {"cpuThreads", 0}, {"explain", false},
                        {"recordingsFolder", path(root / "recordings")}, {"recordAtStart", false}});
    QQuickWindow* window = windowOf(*engine);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto* controller = window->findChild<VideoController*>(QStringLiteral("controller"));
    QVERIFY(controller);
    QVERIFY2(controller->errorText().isEmpty(), qPrintable(controller->errorText()));
    QTRY_VERIFY_WITH_TIMEOUT(controller->frameIndex() >= 50 && !controller->readout()->segmentationOutlines().empty(), 30'000);
    // The grab draws the readout as it is; no events run between it and reading the outlines it drew.
    const QImage shot = window->grabWindow();
    const std::vector<QPolygonF> outlines = controller->readout()->segmentationOutlines();
    const QSize frame = controller->readout()->frameSize();
    test::saveForReview(shot, QStringLiteral("site_model_segmentation"));
    auto* overlay = window->findChild<QQuickItem*>(QStringLiteral("segmentationOverlay"));
    QVERIFY(overlay && overlay->isVisible());
    const QRectF content = overlay->property("contentRect").toRectF();
    // Every vertex of the largest outline lies on drawn magenta, give or take the line's width.
    int onOutline = 0;
    for (const QPointF& vertex : outlines.front()) {
      const QPoint at = overlay->mapToScene(QPointF(content.x() + vertex.x() * content.width() / frame.width(),
                                                    content.y() + vertex.y() * content.height() / frame.height()))
                            .toPoint();
      bool magenta = false;
      for (int dy = -2; dy <= 2 && !magenta; ++dy)
        for (int dx = -2; dx <= 2 && !magenta; ++dx) magenta = isSegmentationMagenta(shot.pixel(at + QPoint(dx, dy)));
      onOutline += magenta;
    }
    QVERIFY2(onOutline >= static_cast<int>(outlines.front().size()) * 3 / 4,
             qPrintable(QStringLiteral("%1 of %2 vertices on a magenta outline").arg(onOutline).arg(outlines.front().size())));
  }

  void replayDrawsTheRecordedBox() {
    QVERIFY(!video_.empty());
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video_));
    const InferenceResult* last = lastBoxed(sidecar);
    QVERIFY(last);
    auto engine = load(QStringLiteral("ReplayWindow.qml"),
                       {{"file", path(video_)}, {"folder", path(recordings_)}, {"mode", ""}, {"protocolsDirectory", ""},
                        {"modelsDirectory", ""}, {"device", "auto"}, {"cpuThreads", 0}, {"rerunModels", false},
                        {"startFrame", static_cast<qint64>(last->frameIndex)}});
    QQuickWindow* window = windowOf(*engine);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    auto* replay = window->findChild<ReplayController*>(QStringLiteral("replay"));
    QVERIFY(replay);
    QTRY_VERIFY_WITH_TIMEOUT(replay->opened() && replay->frameIndex() == last->frameIndex && replay->readout()->detectionShown(),
                             10'000);
    const Box& box = last->heads.front().stable.detection->box;
    QCOMPARE(replay->readout()->box(), QRectF(box.x, box.y, box.width, box.height));
    QTest::qWait(200);
    const QImage shot = window->grabWindow();
    test::saveForReview(shot, QStringLiteral("site_model_replay"));
    QVERIFY2(yellowOnTopEdge(*window, shot, box, replay->readout()->frameSize()), "no box in the replay window");
  }
};

QTEST_MAIN(SiteModelTest)
#include "SiteModelTest.moc"
