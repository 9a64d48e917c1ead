#include <QtTest>

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support/OverlayPixels.h"
#include "support/QuickItems.h"
#include "support/DicomSeries.h"
#include "support/TestFiles.h"
#include "core/analysis/InferenceStage.h"
#include "core/dicom/DicomStudy.h"
#include "core/dicom/StudyFrames.h"
#include "core/model/ModelDirectory.h"
#include "core/protocol/ProtocolDirectory.h"
#include "ui/StudyController.h"

using namespace endoverlay;

namespace {

const std::filesystem::path kFolder = test::dicomSeriesFolder();

const nlohmann::json& manifest() { return test::dicomSeriesManifest(); }

struct OpenStudy {
  std::unique_ptr<QQmlApplicationEngine> engine = std::make_unique<QQmlApplicationEngine>();
  QQuickWindow* window = nullptr;
  StudyController* controller = nullptr;

  explicit OpenStudy(const std::filesystem::path& study, const QString& mode = {}, bool explain = false) {
    engine->setInitialProperties({{"study", QString::fromStdString(study.string())}, {"mode", mode},
                                  {"protocolsDirectory", ""}, {"modelsDirectory", ""}, {"device", "auto"},
                                  {"cpuThreads", 0}, {"explain", explain}});
    engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/StudyWindow.qml")));
    if (engine->rootObjects().isEmpty()) return;
    window = qobject_cast<QQuickWindow*>(engine->rootObjects().first());
    controller = window->findChild<StudyController*>(QStringLiteral("controller"));
  }
};

// Where a pane's slice lies in the window.
QRectF sliceInWindow(QQuickWindow* window, const QString& pane) {
  QQuickItem* item = test::findItem(test::findItem(window->contentItem(), pane), QStringLiteral("slice"));
  const QRectF content = item->property("contentRect").toRectF();
  return QRectF(item->mapToScene(content.topLeft()), content.size());
}

QPoint atSlicePixel(const QRectF& slice, QSize size, double x, double y) {
  return QPointF(slice.x() + x * slice.width() / size.width(), slice.y() + y * slice.height() / size.height()).toPoint();
}

QString textOf(QQuickWindow* window, const QString& name) {
  return test::findItem(window->contentItem(), name)->property("text").toString();
}

bool isSegmentationMagenta(QRgb pixel) { return qRed(pixel) > 200 && qBlue(pixel) > 150 && qGreen(pixel) < 130; }

}  // namespace

// The study window on the CT and MR phantom studies, as a radiologist uses it.
class StudyWindowTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Four phases side by side; a region dragged on one is read on all four, each with its own badge; the
  // window presets and stepping change the picture, not what the models read.
  void renalCtShowsFourPhasesWithABadgeEach() {
    const auto& ct = manifest().at("ct_study");
    OpenStudy open(kFolder / "ct-study");
    QVERIFY(open.window && open.controller);
    QCOMPARE(open.controller->errorText(), QString());
    QCOMPARE(open.controller->modeName(), QString("Renal CT"));  // chosen by the study's modality
    QCOMPARE(open.controller->paneNames(),
             QStringList({"unenhanced", "corticomedullary", "nephrographic", "excretory"}));
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    const int target = ct.at("mass_slice").get<int>();
    open.controller->step(target - open.controller->sliceIndex());
    QCOMPARE(open.controller->sliceIndex(), target);
    QVERIFY(textOf(open.window, "studyStatus").contains(QString("slice %1 of 16").arg(target + 1)));
    QVERIFY(textOf(open.window, "studyStatus").contains("drag a region around the mass"));

    // The mass's box, grown by half, dragged on the corticomedullary pane.
    const auto box = ct.at("mass_box");
    const double side = 1.5 * std::max(box[2].get<double>(), box[3].get<double>());
    const double cx = box[0].get<double>() + box[2].get<double>() / 2;
    const double cy = box[1].get<double>() + box[3].get<double>() / 2;
    const QRectF cortico = sliceInWindow(open.window, "pane_corticomedullary");
    const QSize size = open.controller->videoSize();
    QCOMPARE(size, QSize(256, 256));
    QTest::mousePress(open.window, Qt::LeftButton, {}, atSlicePixel(cortico, size, cx - side / 2, cy - side / 2));
    QTest::mouseMove(open.window, atSlicePixel(cortico, size, cx, cy));
    QTest::mouseMove(open.window, atSlicePixel(cortico, size, cx + side / 2, cy + side / 2));
    QTest::mouseRelease(open.window, Qt::LeftButton, {}, atSlicePixel(cortico, size, cx + side / 2, cy + side / 2));
    QTRY_VERIFY(open.controller->cystRegion().width() > 0.8 * side);
    // Each pane shows its own phase's model on the region: what the stage gives on the same slices.
    const DicomStudy study(kFolder / "ct-study");
    const StudyFrames frames(study.series(), *findProtocol(test::bundledProtocols(), "ct-renal-mass").study);
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ct-renal-mass");
    const QRectF dragged = open.controller->cystRegion();
    stage.setUserRegion(Box{dragged.x(), dragged.y(), dragged.width(), dragged.height()});
    const InferenceResult direct = stage.analyze(frames.frameAt(0, target, WindowLevel::preset(WindowPreset::Abdomen)));
    for (int pane = 0; pane < 4; ++pane) {
      const auto& shown = open.controller->paneReadout(pane)->result();
      QVERIFY(shown && shown->heads.size() == 1);
      QCOMPARE(shown->heads[0].id, direct.heads[std::size_t(pane)].id);
      QCOMPARE(shown->heads[0].probabilities->values, direct.heads[std::size_t(pane)].probabilities->values);
    }
    for (const QString phase : {"unenhanced", "corticomedullary", "nephrographic", "excretory"}) {
      QQuickItem* pane = test::findItem(open.window->contentItem(), "pane_" + phase);
      QTRY_VERIFY2(test::findItem(pane, "classBadge")->isVisible(), qPrintable(phase));
      const OverlayReadout* readout = open.controller->paneReadout(
          open.controller->paneNames().indexOf(phase));
      QVERIFY2(readout->badgeLabel() == "malignant" || readout->badgeLabel() == "benign", qPrintable(phase));
      // The region drawn on every pane, where it was dragged.
      QVERIFY(test::findItem(pane, "cystRegionFrame")->isVisible());
    }

    QImage abdomen = open.window->grabWindow();
    test::saveForReview(abdomen, QStringLiteral("study_renal_ct"));
    const QVariantList before = open.controller->paneImages();
    QStringList badges;
    for (int pane = 0; pane < 4; ++pane) badges << open.controller->paneReadout(pane)->badgeText();
    QVERIFY(textOf(open.window, "studyStatus").contains("W 400 / L 40 (abdomen)"));
    open.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(open.window));
    QTest::keyClick(open.window, Qt::Key_2);
    QTRY_VERIFY(textOf(open.window, "studyStatus").contains("W 600 / L 150 (kidney)"));
    QVERIFY(open.controller->paneImages().at(1).value<QImage>() != before.at(1).value<QImage>());
    // The models read their cards' window, not the viewer's: every badge and its probability stay.
    for (int pane = 0; pane < 4; ++pane) QCOMPARE(open.controller->paneReadout(pane)->badgeText(), badges[pane]);
    QTest::keyClick(open.window, Qt::Key_Down);
    QTRY_COMPARE(open.controller->sliceIndex(), target + 1);

    // A region off the slice is refused on screen, nothing of it is shown, and a good one clears the error.
    open.controller->setCystRegion(QRectF(900, 900, 20, 20));
    QVERIFY(open.controller->errorText().contains("lies outside"));
    QVERIFY(test::findItem(open.window->contentItem(), "errorBanner")->isVisible());
    QVERIFY(open.controller->paneReadout(1)->badgeLabel().isEmpty());
    open.controller->setCystRegion(dragged);
    QCOMPARE(open.controller->errorText(), QString());
    QVERIFY(!open.controller->paneReadout(1)->badgeLabel().isEmpty());
    // Nothing of the patient, nor the name the series descriptions carry, is shown.
    for (const auto& identifier : manifest().at("identifiers")) {
      const QString text = QString::fromStdString(identifier.get<std::string>());
      QVERIFY2(!open.controller->noticeText().contains(text) && !open.window->title().contains(text) &&
                   !textOf(open.window, "studyStatus").contains(text),
               qPrintable(text));
    }
  }

  // The liver's outline lies over the liver, and the cirrhosis badge and its Grad-CAM are shown.
  void liverMriShowsTheLiverOutlineTheBadgeAndGradCam() {
    const auto& mr = manifest().at("mr_study");
    OpenStudy open(kFolder / "mr-study", QStringLiteral("mri-cirrhosis"), true);  // as --explain opens it
    QVERIFY(open.window && open.controller);
    QCOMPARE(open.controller->errorText(), QString());
    QCOMPARE(open.controller->paneNames(), QStringList({"t2"}));
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    QCOMPARE(open.controller->sliceIndex(), mr.at("slice").get<int>());  // opens in the middle: the caudate level
    QVERIFY(!open.controller->takesRegion());
    QQuickItem* pane = test::findItem(open.window->contentItem(), "pane_t2");
    QTRY_VERIFY(test::findItem(pane, "classBadge")->isVisible());
    QTRY_VERIFY(!open.controller->paneReadout(0)->explanationImage().isNull());
    QTest::qWait(300);
    const QImage shot = open.window->grabWindow();
    test::saveForReview(shot, QStringLiteral("study_liver_mri"));

    // Magenta outline pixels lie on the liver's edge: within two slice pixels of the phantom's mask border.
    const cv::Mat liver = cv::imread((kFolder / mr.at("liver_mask").get<std::string>()).string(), cv::IMREAD_GRAYSCALE);
    const QRectF slice = sliceInWindow(open.window, "pane_t2");
    const double scale = slice.width() / liver.cols;
    int onEdge = 0;
    int outline = 0;
    for (int y = int(slice.top()); y < int(slice.bottom()); ++y)
      for (int x = int(slice.left()); x < int(slice.right()); ++x) {
        if (!isSegmentationMagenta(shot.pixel(x * shot.width() / open.window->width(), y * shot.height() / open.window->height())))
          continue;
        ++outline;
        const int sx = int((x - slice.left()) / scale);
        const int sy = int((y - slice.top()) / scale);
        bool inside = false, outside = false;
        for (int dy = -2; dy <= 2; ++dy)
          for (int dx = -2; dx <= 2; ++dx) {
            const int px = std::clamp(sx + dx, 0, liver.cols - 1), py = std::clamp(sy + dy, 0, liver.rows - 1);
            (liver.at<uchar>(py, px) ? inside : outside) = true;
          }
        onEdge += inside && outside;
      }
    QVERIFY2(outline > 200, qPrintable(QString::number(outline)));
    QVERIFY2(onEdge > 0.9 * outline, qPrintable(QString("%1 of %2").arg(onEdge).arg(outline)));
  }

  // A study no mode can read, and a mode that reads video, are refused in the window, saying why.
  void aStudyNoModeReadsIsRefusedInTheWindow() {
    OpenStudy video(kFolder / "mr-study", QStringLiteral("eus"));
    QVERIFY(video.window && video.controller);
    QCOMPARE(video.controller->errorText(), QString("mode eus reads video, not a CT or MR study"));
    OpenStudy text(kFolder / "not-dicom");
    QVERIFY2(text.controller->errorText().startsWith("the study cannot be read: it holds no series of slices"),
             qPrintable(text.controller->errorText()));
    QVERIFY(test::findItem(text.window->contentItem(), "errorBanner")->isVisible());
  }
};

QTEST_MAIN(StudyWindowTest)
#include "StudyWindowTest.moc"
