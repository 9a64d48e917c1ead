#include <QtTest>

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cstdlib>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/OverlayPixels.h"
#include "support/QuickItems.h"
#include "support/DicomSeries.h"
#include "support/TestFiles.h"
#include "core/analysis/InferenceStage.h"
#include "core/dicom/DicomCine.h"
#include "core/dicom/DicomStudy.h"
#include "core/dicom/StudyFrames.h"
#include "core/model/ModelDirectory.h"
#include "core/protocol/ProtocolDirectory.h"
#include "core/readout/ReadoutStyle.h"
#include "ui/StudyController.h"

using namespace endoverlay;

namespace {

const std::filesystem::path kFolder = test::dicomSeriesFolder();

const nlohmann::json& manifest() { return test::dicomSeriesManifest(); }

struct OpenStudy {
  QTemporaryDir ownFolder;  // the recordings folder, unless one is given
  std::unique_ptr<QQmlApplicationEngine> engine = std::make_unique<QQmlApplicationEngine>();
  QQuickWindow* window = nullptr;
  StudyController* controller = nullptr;

  explicit OpenStudy(const std::filesystem::path& study, const QString& mode = {}, bool explain = false,
                     const QString& recordings = {}) {
    engine->setInitialProperties({{"study", QString::fromStdString(study.string())}, {"mode", mode},
                                  {"protocolsDirectory", ""}, {"modelsDirectory", ""}, {"device", "auto"},
                                  {"cpuThreads", 0}, {"explain", explain},
                                  {"recordingsFolder", recordings.isEmpty() ? ownFolder.path() : recordings}});
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

void click(QQuickWindow* window, const QString& name) {
  QQuickItem* item = test::findItem(window->contentItem(), name);
  QVERIFY2(item && item->isVisible() && item->isEnabled(), qPrintable(name));
  QTest::mouseClick(window, Qt::LeftButton, {}, item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint());
}

// Pixels of `picture` (BGR) in `colour`, give or take a little for antialiasing.
int pixelsOf(const cv::Mat& picture, const Rgb& colour) {
  int count = 0;
  for (int y = 0; y < picture.rows; ++y)
    for (int x = 0; x < picture.cols; ++x) {
      const cv::Vec3b p = picture.at<cv::Vec3b>(y, x);
      count += std::abs(p[2] - colour.r) < 8 && std::abs(p[1] - colour.g) < 8 && std::abs(p[0] - colour.b) < 8;
    }
  return count;
}

// Whether any file in `folder` holds `text`.
bool anyFileHolds(const std::filesystem::path& folder, const std::string& text) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && test::readText(entry.path()).find(text) != std::string::npos) return true;
  return false;
}

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

    // The segmented head's Grad-CAM is drawn over the whole slice, and lies on the liver it read: every pixel
    // it shows is within the segmenter's mask grown by its margin (a few slice pixels) of the phantom's liver.
    const QImage gradCam = open.controller->paneReadout(0)->explanationImage();
    QCOMPARE(open.controller->paneReadout(0)->explanationRegion(), QRectF(0, 0, liver.cols, liver.rows));
    const double toSlice = double(liver.cols) / gradCam.width();
    int shown = 0;
    int offLiver = 0;
    for (int y = 0; y < gradCam.height(); ++y)
      for (int x = 0; x < gradCam.width(); ++x) {
        if (qAlpha(gradCam.pixel(x, y)) == 0) continue;
        ++shown;
        const cv::Rect near = cv::Rect(int((x - 1) * toSlice) - 3, int((y - 1) * toSlice) - 3, int(3 * toSlice) + 6,
                                       int(3 * toSlice) + 6) & cv::Rect(0, 0, liver.cols, liver.rows);
        offLiver += cv::countNonZero(liver(near)) == 0;
      }
    QVERIFY2(shown > 200, qPrintable(QString::number(shown)));
    QCOMPARE(offLiver, 0);

    // The slice's picture carries the outline and the badge.
    open.controller->exportSlice(false);
    const std::filesystem::path png =
        StudyOutputs{open.ownFolder.path().toStdString(), open.controller->studyId().toStdString()}.slicePicture(
            open.controller->sliceIndex(), false);
    QTRY_VERIFY_WITH_TIMEOUT(std::filesystem::exists(png), 10000);
    QTRY_VERIFY(!open.controller->review()->busy());
    const cv::Mat picture = cv::imread(png.string());
    QVERIFY(pixelsOf(picture, segmentationColour()) > 100);
    const OverlayReadout* readout = open.controller->paneReadout(0);
    const HeadOutput* badge = readout->result()->headsWith(ReadoutKind::ClassBadge).front();
    QVERIFY(pixelsOf(picture, classBadgeColour(badge->stable.probabilities->labels, readout->badgeLabel().toStdString())) > 200);
  }

  // A reviewer's verdict, a note on a slice, the region, the slice's PNG and DICOM pictures and the HTML
  // report, all kept in the recordings folder under the study's opaque ID; reopened, the study comes back
  // as it was left. Nothing of the study's own names or patient tags is written anywhere.
  void aStudysReviewAndExportsKeepOnlyItsOpaqueId() {
    const auto& ct = manifest().at("ct_study");
    QTemporaryDir recordings;
    const std::filesystem::path folder = recordings.path().toStdString();
    QString studyId;
    const int target = ct.at("mass_slice").get<int>();
    const auto box = ct.at("mass_box");
    const QRectF region(box[0].get<double>() - 6, box[1].get<double>() - 6, box[2].get<double>() + 12, box[3].get<double>() + 12);
    const QString note = QStringLiteral("avid enhancement, washout <check>");
    {
      OpenStudy open(kFolder / "ct-study", {}, false, recordings.path());
      QVERIFY(open.window && open.controller);
      QVERIFY(QTest::qWaitForWindowExposed(open.window));
      studyId = open.controller->studyId();
      QVERIFY2(QRegularExpression("^[0-9a-f]{32}$").match(studyId).hasMatch(), qPrintable(studyId));
      QVERIFY(textOf(open.window, "studyIdLabel").contains(studyId));
      const auto key = std::filesystem::status(folder / ".endoverlay-site-key").permissions();
      QVERIFY((key & std::filesystem::perms::all) == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

      open.controller->showSlice(target);
      open.controller->setCystRegion(region);
      QTRY_VERIFY(!open.controller->paneReadout(1)->badgeLabel().isEmpty());
      QStringList badges;
      for (int pane = 0; pane < 4; ++pane) badges << open.controller->paneReadout(pane)->badgeText();
      click(open.window, "agreeButton");
      QCOMPARE(textOf(open.window, "verdictLabel"), QString("verdict: agree"));
      QQuickItem* field = test::findItem(open.window->contentItem(), "sliceNote");
      open.window->requestActivate();
      QVERIFY(QTest::qWaitForWindowActive(open.window));
      field->forceActiveFocus();
      for (const QChar c : note) QTest::keyClick(open.window, c.toLatin1());
      // Typing is not taken for the window's keys (C would clear the region, O hide the overlays).
      QCOMPARE(open.controller->cystRegion(), region);
      QTest::keyClick(open.window, Qt::Key_Return);
      QCOMPARE(open.controller->review()->notes().value(QString::number(target)).toString(), note);
      field->setFocus(false);
      QQuickItem* notes = test::findItem(open.window->contentItem(), "notedSlices");
      QTRY_COMPARE(notes->property("count").toInt(), 1);

      // S: the four panes at this slice, as shown, with the region and the badges burned in.
      open.window->contentItem()->forceActiveFocus();
      QTest::keyClick(open.window, Qt::Key_S);
      const std::filesystem::path png = folder / (studyId.toStdString() + ".slice-" + QString::asprintf("%04d", target + 1).toStdString() + ".png");
      QTRY_VERIFY_WITH_TIMEOUT(std::filesystem::exists(png), 10000);
      QTRY_VERIFY(!open.controller->review()->busy());
      test::saveForReview(QImage(QString::fromStdString(png.string())), QStringLiteral("study_slice_export"));
      test::saveForReview(open.window->grabWindow(), QStringLiteral("study_reviewed"));
      const cv::Mat picture = cv::imread(png.string());
      QCOMPARE(picture.cols, 4 * 256);
      QVERIFY(picture.rows > 256);
      for (int pane = 0; pane < 4; ++pane) {
        const cv::Mat part = picture(cv::Rect(pane * 256, 0, 256, 256));
        QVERIFY2(pixelsOf(part, regionColour()) > 100, qPrintable(QString::number(pane)));
        const OverlayReadout* readout = open.controller->paneReadout(pane);
        const Rgb badge = classBadgeColour(readout->result()->heads[0].stable.probabilities->labels,
                                           readout->badgeLabel().toStdString());
        QVERIFY2(pixelsOf(part, badge) > 200, qPrintable(QString::number(pane)));
      }
      // Away from the overlays, a pane is the slice through the viewer's window.
      const DicomStudy study(kFolder / "ct-study");
      const StudyFrames frames(study.series(), *findProtocol(test::bundledProtocols(), "ct-renal-mass").study);
      const cv::Mat grey = WindowLevel::preset(WindowPreset::Abdomen).apply(frames.frameAt(0, target, {}).seriesValues[2]);
      const QPoint probe = region.contains(128, 128) ? QPoint(128, 200) : QPoint(128, 128);
      QVERIFY(!region.contains(probe));
      QCOMPARE(int(picture.at<cv::Vec3b>(probe.y(), 2 * 256 + probe.x())[1]), int(grey.at<uchar>(probe.y(), probe.x())));

      // The same as DICOM: a secondary capture whose only identity is the study ID.
      click(open.window, "exportAsDicom");
      click(open.window, "exportSliceButton");
      const std::filesystem::path dcm = png.parent_path() / png.filename().replace_extension(".dcm");
      QTRY_VERIFY_WITH_TIMEOUT(std::filesystem::exists(dcm), 10000);
      QTRY_VERIFY(!open.controller->review()->busy());
      DicomCine capture(dcm);
      QCOMPARE(capture.colour(), DicomColour::Rgb);
      cv::Mat rgb = capture.frame(0);
      cv::cvtColor(rgb, rgb, cv::COLOR_RGB2BGR);
      QCOMPARE(cv::norm(rgb, picture, cv::NORM_INF), 0.0);
      QVERIFY(test::readText(dcm).find(studyId.toStdString()) != std::string::npos);

      // The report: every slice read again, the verdict, the note, and pictures of the noted slice and the one shown.
      open.controller->step(2);
      click(open.window, "exportReportButton");
      const std::filesystem::path html = folder / (studyId.toStdString() + ".report.html");
      QTRY_VERIFY_WITH_TIMEOUT(std::filesystem::exists(html), 30000);
      QTRY_VERIFY(!open.controller->review()->busy());
      QVERIFY2(!open.controller->review()->statusIsProblem(), qPrintable(open.controller->review()->statusText()));
      std::filesystem::copy_file(html, ENDOVERLAY_TEST_OUTPUT "/study_report.html",
                                 std::filesystem::copy_options::overwrite_existing);  // for a person to look at
      const std::string report = test::readText(html);
      QVERIFY(report.find("<h1>Study " + studyId.toStdString() + "</h1>") != std::string::npos);
      QVERIFY(report.find("reviewer agrees with the AI") != std::string::npos);
      QVERIFY(report.find("avid enhancement, washout &lt;check&gt;") != std::string::npos);
      std::size_t rows = 0;
      for (std::size_t at = report.find("<tr class=\"slice\">"); at != std::string::npos; at = report.find("<tr class=\"slice\">", at + 1)) ++rows;
      QCOMPARE(rows, std::size_t(16));
      std::size_t pictures = 0;
      for (std::size_t at = report.find("<img"); at != std::string::npos; at = report.find("<img", at + 1)) ++pictures;
      QCOMPARE(pictures, std::size_t(2));
      for (const char* head : {"<th>unenhanced</th>", "<th>excretory</th>", "region read"})
        QVERIFY2(report.find(head) != std::string::npos, head);
      // The noted slice's row reads what the panes showed on it.
      const std::size_t row = report.find("<tr class=\"slice\"><td>" + std::to_string(target + 1) + "</td>");
      QVERIFY(row != std::string::npos);
      const std::string cells = report.substr(row, report.find("</tr>", row) - row);
      for (const QString& badge : badges) QVERIFY2(cells.find(badge.toStdString()) != std::string::npos, qPrintable(badge));
    }
    // Nothing in the recordings folder names the study's folder or holds its patient tags or description names.
    QVERIFY(!anyFileHolds(folder, "ct-study"));
    for (const auto& identifier : manifest().at("identifiers"))
      QVERIFY2(!anyFileHolds(folder, identifier.get<std::string>()), identifier.get<std::string>().c_str());

    // Reopened with the same folder: the same ID, the verdict, the note and the region are back.
    {
      OpenStudy again(kFolder / "ct-study", {}, false, recordings.path());
      QVERIFY(again.window && again.controller);
      QCOMPARE(again.controller->studyId(), studyId);
      QCOMPARE(again.controller->cystRegion(), region);
      QCOMPARE(again.controller->review()->verdictText(), QString("agree"));
      QCOMPARE(again.controller->review()->notes().value(QString::number(target)).toString(), note);
      // V: one phase at a time, the next with each press, then all four again; the region stays.
      QVERIFY(QTest::qWaitForWindowExposed(again.window));
      again.window->requestActivate();
      QVERIFY(QTest::qWaitForWindowActive(again.window));
      QQuickItem* cortico = test::findItem(again.window->contentItem(), "pane_corticomedullary");
      QQuickItem* unenhanced = test::findItem(again.window->contentItem(), "pane_unenhanced");
      const qreal shared = cortico->width();
      QTest::keyClick(again.window, Qt::Key_V);
      QTRY_VERIFY(unenhanced->isVisible() && !cortico->isVisible());
      QTest::keyClick(again.window, Qt::Key_V);
      QTRY_VERIFY(!unenhanced->isVisible() && cortico->isVisible());
      QCOMPARE(cortico->width(), 4 * shared);
      QVERIFY(test::findItem(cortico, "cystRegionFrame")->isVisible());
      for (int press = 0; press < 3; ++press) QTest::keyClick(again.window, Qt::Key_V);
      QTRY_VERIFY(unenhanced->isVisible() && cortico->isVisible());
    }
    // Another folder has another key: the same study gets another ID there.
    QTemporaryDir elsewhere;
    QString otherId;
    {
      OpenStudy open(kFolder / "ct-study", {}, false, elsewhere.path());
      QVERIFY(open.controller);
      otherId = open.controller->studyId();
    }
    QVERIFY(!otherId.isEmpty() && otherId != studyId);
    // A review damaged by hand there is reported, and the study opens all the same, without its region.
    test::writeText(std::filesystem::path(elsewhere.path().toStdString()) / (otherId.toStdString() + ".review.json"),
                    R"({"schema": "endoverlay.review/1", "verdict": null, "notes": [], "region": {"x": "ten"}})");
    OpenStudy damaged(kFolder / "ct-study", {}, false, elsewhere.path());
    QVERIFY(damaged.controller);
    QCOMPARE(damaged.controller->errorText(), QString());
    QVERIFY(damaged.controller->review()->statusIsProblem());
    QVERIFY2(damaged.controller->review()->statusText().contains("region.x"),
             qPrintable(damaged.controller->review()->statusText()));
    QCOMPARE(damaged.controller->cystRegion(), QRectF());
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
