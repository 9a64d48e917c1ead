#include <QtTest>

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QVideoFrame>
#include <QVideoSink>
#include <QtQml/qqmlextensionplugin.h>

#include <cstring>
#include <filesystem>

#include "core/dicom/DicomCine.h"
#include "core/recording/RecordingEvents.h"
#include "core/recording/ReviewFile.h"
#include "core/support/Sha256.h"
#include "core/recording/SidecarFile.h"
#include "support/CliRun.h"
#include "support/DemoClip.h"
#include "core/readout/TimeIntensityPlot.h"
#include "support/DicomTestFiles.h"
#include "support/OverlayPixels.h"
#include "support/QuickItems.h"
#include "support/TestFiles.h"
#include "ui/RecordingLibraryModel.h"
#include "ui/ReplayController.h"
#include "ui/ReviewController.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

using namespace endoverlay;
using test::isBoxYellow;
using test::qPath;
using test::saveForReview;
namespace fs = std::filesystem;

namespace {

struct OpenReplay {
  std::unique_ptr<QQmlApplicationEngine> engine = std::make_unique<QQmlApplicationEngine>();
  QQuickWindow* window = nullptr;
  ReplayController* replay = nullptr;
  ReviewController* review = nullptr;
  RecordingLibraryModel* library = nullptr;

  OpenReplay(const fs::path& file, const fs::path& folder, std::int64_t startFrame = 0, const QString& mode = {}) {
    engine->setInitialProperties({{"file", qPath(file)}, {"folder", qPath(folder)}, {"mode", mode}, {"protocolsDirectory", ""}, {"modelsDirectory", ""},
                                  {"device", "auto"}, {"cpuThreads", 0}, {"rerunModels", false},
                                  {"startFrame", static_cast<qint64>(startFrame)}});
    engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/ReplayWindow.qml")));
    if (engine->rootObjects().isEmpty()) return;
    window = qobject_cast<QQuickWindow*>(engine->rootObjects().first());
    replay = window->findChild<ReplayController*>(QStringLiteral("replay"));
    review = window->findChild<ReviewController*>(QStringLiteral("review"));
    library = window->findChild<RecordingLibraryModel*>(QStringLiteral("library"));
  }

  // Keys reach the window's shortcuts only once it is active (no window manager under Xvfb).
  bool activate() {
    window->requestActivate();
    return QTest::qWaitForWindowActive(window);
  }

  QQuickItem* item(const QString& name) const { return test::findItem(window->contentItem(), name); }

  void click(const QString& name) const {
    QQuickItem* target = item(name);
    QVERIFY2(target, qPrintable(name));
    QTest::mouseClick(window, Qt::LeftButton, {}, target->mapToScene(QPointF(target->width() / 2, target->height() / 2)).toPoint());
  }
};

// Whether the picture the window is showing is frame `index` of `video`, byte for byte.
bool sinkShows(ReplayController& replay, const fs::path& video, std::int64_t index) {
  if (!replay.videoSink()) return false;
  QVideoFrame shown = replay.videoSink()->videoFrame();
  if (!shown.isValid() || !shown.map(QVideoFrame::ReadOnly)) return false;
  const Frame expected = test::decodeFrame(video, index);
  bool same = shown.width() == expected.bgrx.cols && shown.height() == expected.bgrx.rows;
  for (int row = 0; same && row < expected.bgrx.rows; ++row)
    same = std::memcmp(shown.bits(0) + static_cast<qsizetype>(row) * shown.bytesPerLine(0), expected.bgrx.ptr(row),
                       static_cast<std::size_t>(expected.bgrx.cols) * 4) == 0;
  shown.unmap();
  return same;
}

}  // namespace

class ReplayWindowTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path library_;
  fs::path recording_;

  fs::path dir(const std::string& name) const {
    const fs::path path = fs::path(scratch_.path().toStdString()) / name;
    fs::create_directories(path);
    return path;
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(scratch_.isValid());
    library_ = dir("library");
    // Eight seconds of the demo: the papilla comes into view and the difficulty warning comes on.
    const test::CliRun run = test::runCli({"record", qPath(test::ercpDemoClip()), "--out", qPath(library_), "--seconds", "8",
                                           "--procedure-id", "replay-0001"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    for (const auto& entry : fs::directory_iterator(library_))
      if (entry.path().extension() == ".mkv") recording_ = entry.path();
    QVERIFY(!recording_.empty());
    QVERIFY(findEvents(SidecarFile::load(sidecarPathFor(recording_)).results).size() >= 2);
  }

  void stepsLandOnExactFramesBothWays() {
    OpenReplay open(recording_, library_);
    QVERIFY(open.replay && open.activate());
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened() && r.frameIndex() == 0 && sinkShows(r, recording_, 0), 10'000);
    for (int i = 0; i < 3; ++i) QTest::keyClick(open.window, Qt::Key_Right);
    QTRY_VERIFY(r.frameIndex() == 3 && sinkShows(r, recording_, 3));
    QTest::keyClick(open.window, Qt::Key_Left);
    QTest::keyClick(open.window, Qt::Key_Left);
    QTRY_VERIFY(r.frameIndex() == 1 && sinkShows(r, recording_, 1));
    QTest::keyClick(open.window, Qt::Key_Right, Qt::ShiftModifier);  // one second on
    QTRY_VERIFY(r.frameIndex() == 26 && sinkShows(r, recording_, 26));
    QTest::keyClick(open.window, Qt::Key_Left);
    QTRY_VERIFY(r.frameIndex() == 25 && sinkShows(r, recording_, 25));
    QTest::keyClick(open.window, Qt::Key_End);
    QTRY_VERIFY(r.frameIndex() == r.frameCount() - 1 && sinkShows(r, recording_, r.frameCount() - 1));
    QTest::keyClick(open.window, Qt::Key_Left);
    QTRY_VERIFY(r.frameIndex() == r.frameCount() - 2 && sinkShows(r, recording_, r.frameCount() - 2));
    QTest::keyClick(open.window, Qt::Key_Home);
    QTRY_VERIFY(r.frameIndex() == 0 && sinkShows(r, recording_, 0));
    // The buttons do what the keys do.
    open.click(QStringLiteral("stepForwardButton"));
    QTRY_VERIFY(r.frameIndex() == 1 && sinkShows(r, recording_, 1));
  }

  void clickingTheTimelineSeeks() {
    OpenReplay open(recording_, library_);
    QVERIFY(open.replay && QTest::qWaitForWindowExposed(open.window));
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened() && r.frameIndex() == 0, 10'000);
    QQuickItem* area = open.item(QStringLiteral("timelineArea"));
    QVERIFY(area);
    const int x = static_cast<int>(area->width() * 0.75);
    QTest::mouseClick(open.window, Qt::LeftButton, {}, area->mapToScene(QPointF(x, area->height() / 2)).toPoint());
    const std::int64_t expected = std::llround(x / area->width() * static_cast<double>(r.frameCount() - 1));
    QTRY_VERIFY2(r.frameIndex() == expected && sinkShows(r, recording_, expected),
                 qPrintable(QStringLiteral("frame %1, expected %2").arg(r.frameIndex()).arg(expected)));
    QQuickItem* playhead = open.item(QStringLiteral("playhead"));
    QVERIFY(std::abs(playhead->mapToItem(area, QPointF(playhead->width() / 2, 0)).x() - x) <= 2);
    saveForReview(open.window->grabWindow(), "replay_timeline");
  }

  void eventsAreOnTheTimelineAndJumpedTo() {
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(recording_));
    const std::vector<RecordingEvent> events = findEvents(sidecar.results);
    OpenReplay open(recording_, library_);
    QVERIFY(open.replay && open.activate());
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened() && r.frameIndex() == 0, 10'000);
    QCOMPARE(r.events().size(), static_cast<qsizetype>(events.size()));

    // A mark on the timeline where each event is.
    QQuickItem* track = open.item(QStringLiteral("timelineTrack"));
    for (const RecordingEvent& event : events) {
      QQuickItem* mark = open.item(QStringLiteral("eventMark%1").arg(event.frame));
      QVERIFY2(mark && mark->isVisible(), qPrintable(QString::number(event.frame)));
      const double at = mark->mapToItem(track, QPointF(mark->width() / 2, 0)).x() / track->width();
      QVERIFY(std::abs(at - static_cast<double>(event.frame) / static_cast<double>(r.frameCount() - 1)) < 0.01);
      // In the colour the live view gave it: the light's red and green, the box's yellow.
      const QColor colour = mark->property("color").value<QColor>();
      if (event.kind == EventKind::WarningOn) QCOMPARE(colour, QColor(0xe5, 0x39, 0x35));
      if (event.kind == EventKind::WarningOff) QCOMPARE(colour, QColor(0x43, 0xa0, 0x47));
      if (event.kind == EventKind::DetectionSeen) QVERIFY(isBoxYellow(colour.rgb()));
    }

    // N jumps to the ampulla coming into view, with the box the live view drew on it.
    QTest::keyClick(open.window, Qt::Key_N);
    const RecordingEvent& first = events.front();
    QVERIFY(first.kind == EventKind::DetectionSeen);
    QTRY_VERIFY(r.frameIndex() == first.frame && sinkShows(r, recording_, first.frame));
    const InferenceResult* shown = resultShownAt(sidecar.results, first.frame);
    QTRY_VERIFY(r.readout()->detectionShown());
    QVERIFY(shown && shown->head("ampulla")->detectionShown());
    const Box box = shown->head("ampulla")->stable.detection->box;
    QCOMPARE(r.readout()->box(), QRectF(box.x, box.y, box.width, box.height));

    QQuickItem* overlay = open.item(QStringLiteral("heatmapBoxOverlay"));
    const QRectF content = overlay->property("contentRect").toRectF();
    const QSize frame = r.readout()->frameSize();
    const double scale = content.width() / frame.width();
    const QPointF topMiddle = overlay->mapToScene(
        QPointF(content.x() + (box.x + box.width / 2) * scale, content.y() + box.y * scale));
    QTest::qWait(200);
    const QImage shot = open.window->grabWindow();
    saveForReview(shot, "replay_event");
    bool yellow = false;
    for (int dy = -3; dy <= 3; ++dy) yellow = yellow || isBoxYellow(shot.pixel(topMiddle.toPoint() + QPoint(0, dy)));
    QVERIFY2(yellow, "the recorded box is drawn on the event's frame");

    QTest::keyClick(open.window, Qt::Key_N);
    QTRY_COMPARE(r.frameIndex(), static_cast<qint64>(events[1].frame));
    QTest::keyClick(open.window, Qt::Key_P);
    QTRY_COMPARE(r.frameIndex(), static_cast<qint64>(first.frame));
    QTest::keyClick(open.window, Qt::Key_P);  // nothing before the first event: stays
    QTest::qWait(200);
    QCOMPARE(r.frameIndex(), static_cast<qint64>(first.frame));
    // Clicking an event in the review panel jumps to it too.
    r.seek(0);
    QTRY_COMPARE(r.frameIndex(), qint64{0});
    open.click(QStringLiteral("eventLabel1"));
    QTRY_COMPARE(r.frameIndex(), static_cast<qint64>(events[1].frame));
  }

  void playsPausesAndChangesSpeed() {
    OpenReplay open(recording_, library_);
    QVERIFY(open.replay && open.activate());
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened() && r.frameIndex() == 0, 10'000);
    QTest::keyClick(open.window, Qt::Key_BracketRight);
    QCOMPARE(r.rate(), 2.0);
    QTest::keyClick(open.window, Qt::Key_Space);
    QVERIFY(r.playing());
    QTRY_VERIFY_WITH_TIMEOUT(r.frameIndex() > 60, 10'000);
    QTest::keyClick(open.window, Qt::Key_Space);
    QVERIFY(!r.playing());
    const qint64 pausedOn = r.frameIndex();
    QTest::qWait(300);
    QTRY_VERIFY(r.frameIndex() >= pausedOn && sinkShows(r, recording_, r.frameIndex()));
    const qint64 settled = r.frameIndex();
    QTest::qWait(300);
    QCOMPARE(r.frameIndex(), settled);
    for (int i = 0; i < 5; ++i) QTest::keyClick(open.window, Qt::Key_BracketLeft);
    QCOMPARE(r.rate(), 0.25);
    // Playing to the end stops there.
    r.seek(r.frameCount() - 5);
    QTest::keyClick(open.window, Qt::Key_BracketRight);
    QTest::keyClick(open.window, Qt::Key_BracketRight);
    QTest::keyClick(open.window, Qt::Key_BracketRight);
    QCOMPARE(r.rate(), 2.0);
    open.click(QStringLiteral("playButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!r.playing() && r.frameIndex() == r.frameCount() - 1, 10'000);
  }

  void reviewIsSavedBesideTheRecording() {
    const std::string videoHash = sha256OfFile(recording_);
    const std::string sidecarHash = sha256OfFile(sidecarPathFor(recording_));
    {
      OpenReplay open(recording_, library_);
      QVERIFY(open.replay && open.activate());
      QTRY_VERIFY_WITH_TIMEOUT(open.replay->opened(), 10'000);
      const int row = open.library->rowOf(qPath(recording_));
      QVERIFY(row >= 0);
      const auto reviewed = [&] { return open.library->data(open.library->index(row), RecordingLibraryModel::ReviewedRole).toBool(); };
      QVERIFY(!reviewed());

      open.click(QStringLiteral("disagreeButton"));
      QTRY_COMPARE(open.review->verdict(), ReviewController::VerdictChoice::Disagree);
      QTRY_VERIFY(reviewed());
      open.click(QStringLiteral("agreeButton"));
      QTRY_COMPARE(open.review->verdict(), ReviewController::VerdictChoice::Agree);

      open.click(QStringLiteral("note0"));
      for (const char c : std::string("papilla in view, box on it")) QTest::keyClick(open.window, c);
      QTest::keyClick(open.window, Qt::Key_Return);
      QTRY_VERIFY(!Review::load(reviewPathFor(recording_)).notes.empty());
      saveForReview(open.window->grabWindow(), "replay_review");
    }
    const Review saved = Review::load(reviewPathFor(recording_));
    QVERIFY(saved.verdict == Verdict::Agree);
    QCOMPARE(saved.notes.size(), std::size_t{1});
    QCOMPARE(saved.notes[0].frame, findEvents(SidecarFile::load(sidecarPathFor(recording_)).results).front().frame);
    QCOMPARE(saved.notes[0].text, std::string("papilla in view, box on it"));
    QCOMPARE(sha256OfFile(recording_), videoHash);
    QCOMPARE(sha256OfFile(sidecarPathFor(recording_)), sidecarHash);

    // Opened again, the window shows the note and the verdict.
    OpenReplay again(recording_, library_);
    QTRY_VERIFY_WITH_TIMEOUT(again.replay->opened(), 10'000);
    QTRY_COMPARE(again.item(QStringLiteral("note0"))->property("text").toString(), QStringLiteral("papilla in view, box on it"));
    QCOMPARE(again.item(QStringLiteral("verdictLabel"))->property("text").toString(), QStringLiteral("verdict: agree"));
  }

  void exportsFromTheWindow() {
    const fs::path folder = dir("exports");
    const fs::path video = folder / recording_.filename();
    fs::copy_file(recording_, video);
    fs::copy_file(sidecarPathFor(recording_), sidecarPathFor(video));
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video));
    const RecordingEvent first = findEvents(sidecar.results).front();

    OpenReplay open(video, folder);
    QVERIFY(open.replay && open.activate());
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened(), 10'000);
    r.seek(first.frame);
    QTRY_COMPARE(r.frameIndex(), static_cast<qint64>(first.frame));
    open.click(QStringLiteral("exportPngButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!open.review->busy() && open.review->statusText().startsWith("Saved"), 30'000);
    char name[64];
    std::snprintf(name, sizeof name, ".frame-%06lld.png", static_cast<long long>(first.frame));
    const QImage png(qPath(folder / (video.stem().string() + name)));
    QCOMPARE(png.size(), r.readout()->frameSize());
    const Box box = resultShownAt(sidecar.results, first.frame)->head("ampulla")->stable.detection->box;
    QVERIFY(isBoxYellow(png.pixel(static_cast<int>(box.x + box.width / 2), static_cast<int>(box.y))));
    // The same frame as DICOM secondary capture: the PNG's pixels.
    open.click(QStringLiteral("exportAsDicom"));
    open.click(QStringLiteral("exportPngButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!open.review->busy() && open.review->statusText().startsWith("Saved"), 30'000);
    std::snprintf(name, sizeof name, ".frame-%06lld.dcm", static_cast<long long>(first.frame));
    DicomCine snapshot(folder / (video.stem().string() + name));
    QCOMPARE(snapshot.frameCount(), std::int64_t{1});
    cv::Mat rgb = snapshot.frame(0);
    QCOMPARE(QImage(rgb.data, rgb.cols, rgb.rows, static_cast<int>(rgb.step), QImage::Format_RGB888), png.convertToFormat(QImage::Format_RGB888));
    open.click(QStringLiteral("exportAsDicom"));

    open.click(QStringLiteral("exportReportButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!open.review->busy() && open.review->statusText().startsWith("Saved"), 60'000);
    const std::string html = test::readText(folder / (video.stem().string() + ".report.html"));
    QVERIFY(html.find("<!DOCTYPE html>") == 0 && html.find("replay-0001") != std::string::npos);

    // A range marked with I and E.
    r.seek(10);
    QTRY_COMPARE(r.frameIndex(), qint64{10});
    QTest::keyClick(open.window, Qt::Key_I);
    r.seek(40);
    QTRY_COMPARE(r.frameIndex(), qint64{40});
    QTest::keyClick(open.window, Qt::Key_E);
    open.click(QStringLiteral("exportRangeButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!open.review->busy() && open.review->statusText().startsWith("Saved"), 60'000);
    QCOMPARE(test::decodeTimestamps(folder / (video.stem().string() + ".annotated-10-40.mp4")).size(), std::size_t{31});

    // An export that cannot be written says so (a folder in the way: root may write anywhere else).
    r.seek(0);
    QTRY_COMPARE(r.frameIndex(), qint64{0});
    fs::create_directory(folder / (video.stem().string() + ".frame-000000.png"));
    open.click(QStringLiteral("exportPngButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!open.review->busy() && open.review->statusText().startsWith("Export failed"), 30'000);
    QVERIFY(open.review->statusIsProblem());
  }

  void aPlainVideoRunsTheCurrentModels() {
    OpenReplay open(test::ercpDemoClip(), dir("empty"));
    QVERIFY(open.replay);
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened(), 10'000);
    QVERIFY(!r.hasSidecar());
    QVERIFY(r.events().isEmpty());
    QVERIFY2(r.overlayText().contains("current models"), qPrintable(r.overlayText()));
    QVERIFY(!open.item(QStringLiteral("exportPngButton"))->isEnabled());
    r.seek(300);
    QTRY_VERIFY_WITH_TIMEOUT(r.readout()->detectionShown() && !r.readout()->heatmap().isNull() &&
                                 r.readout()->result()->frameIndex == 300, 20'000);
    QTest::qWait(200);
    saveForReview(open.window->grabWindow(), "replay_plain_video");
  }

  // An echoendoscope's JPEG cine archived as DICOM replays like a video: its frames, its rate, stepping, playing,
  // and the current models on the frame shown.
  void aDicomCinePlaysInReplay() {
    const auto& cine = test::dicomTestFiles().named("eus_cine_jpeg");
    OpenReplay open(cine.path, dir("empty"), 0, QStringLiteral("eus"));
    QVERIFY(open.replay && open.activate());
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened(), 10'000);
    QVERIFY2(r.errorText().isEmpty(), qPrintable(r.errorText()));
    QCOMPARE(r.frameCount(), qint64{cine.frames});
    QCOMPARE(r.fps(), cine.fps);
    QCOMPARE(r.recordingText(), QStringLiteral("DICOM file"));
    r.seek(40);
    QTRY_COMPARE(r.frameIndex(), qint64{40});
    QTest::keyClick(open.window, Qt::Key_Right);
    QTRY_COMPARE(r.frameIndex(), qint64{41});
    QTRY_VERIFY_WITH_TIMEOUT(r.readout()->result() && r.readout()->result()->frameIndex == 41, 20'000);
    QVERIFY2(r.readout()->badgeReading(), "the cyst type is read on the frame shown");
    r.togglePlay();
    QTRY_VERIFY_WITH_TIMEOUT(r.frameIndex() == cine.frames - 1 && !r.playing(), 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(!r.readout()->badgeText().isEmpty(), 10'000);
    QTest::qWait(200);
    saveForReview(open.window->grabWindow(), "replay_dicom_cine");
  }

  // A CEUS recording replays with its clock, its regions and the time-intensity curve up to the frame shown,
  // jumps included, and its snapshot burns them in.
  void aCeusRecordingReplaysItsPhaseAndCurve() {
    const fs::path folder = dir("ceus");
    const test::CliRun run = test::runCli({"record", qPath(test::resources() / "clips" / "ceus_pdac_demo.mp4"), "--mode", "ceus",
                                           "--region", "70,130,190,160", "--reference-region", "40,300,70,50",
                                           "--injection-at", "1", "--seconds", "7", "--out", qPath(folder),
                                           "--procedure-id", "ceus-0001"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    fs::path video;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.path().extension() == ".mkv") video = entry.path();
    OpenReplay open(video, folder);
    QVERIFY(open.replay && open.activate());
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened(), 10'000);
    QVariantList kinds;
    for (const QVariant& event : r.events()) kinds << event.toMap().value(QStringLiteral("label"));
    QVERIFY2(kinds.contains(QStringLiteral("contrast injected")) && kinds.contains(QStringLiteral("vascular phase")),
             qPrintable(QVariant(kinds).toStringList().join(", ")));
    const qint64 last = r.frameCount() - 5;
    r.seek(last);
    QTRY_VERIFY_WITH_TIMEOUT(r.frameIndex() == last && r.readout()->phaseText().startsWith(QLatin1String("vascular phase 0:0")),
                             10'000);
    const std::size_t points = r.readout()->curve().points().size();
    QVERIFY2(points > 60, qPrintable(QString::number(points)));  // built up to the frame after the jump
    QVERIFY(r.readout()->curve().hasReference());
    for (const char* name : {"recordedRegionFrame", "recordedReferenceFrame", "phasePanel", "timeIntensityPlot"})
      QVERIFY2(open.item(QLatin1String(name)) && open.item(QLatin1String(name))->isVisible(), name);
    QTest::qWait(200);
    saveForReview(open.window->grabWindow(), "replay_ceus");
    // Back before the injection: no clock yet, and the curve as it stood then.
    r.seek(5);
    QTRY_VERIFY_WITH_TIMEOUT(r.frameIndex() == 5 && r.readout()->phaseText() == QLatin1String("injection not marked"), 10'000);
    QVERIFY(r.readout()->curve().points().size() < 10);
    r.seek(last);
    QTRY_COMPARE(r.readout()->curve().points().size(), points);

    open.click(QStringLiteral("exportPngButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!open.review->busy() && open.review->statusText().startsWith("Saved"), 30'000);
    char name[64];
    std::snprintf(name, sizeof name, ".frame-%06lld.png", static_cast<long long>(last));
    const QImage png(qPath(folder / (video.stem().string() + name)));
    QVERIFY(!png.isNull());
    const cv::Rect plot = timeIntensityPlotArea({png.width(), png.height()});
    const QColor region = r.readout()->regionColour();
    int curve = 0;
    for (int y = plot.y; y < plot.y + plot.height; ++y)
      for (int x = plot.x; x < plot.x + plot.width; ++x) curve += QColor(png.pixel(x, y)) == region;
    QVERIFY2(curve > 30, qPrintable(QString::number(curve)));
  }

  void rerunningTheModelsOnARecording() {
    OpenReplay open(recording_, library_);
    QVERIFY(open.replay && open.activate());
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened(), 10'000);
    QVERIFY(r.overlayText().contains("as shown when recorded"));
    r.nextEvent();
    QTRY_VERIFY(r.readout()->detectionShown());
    QVERIFY2(r.readout()->heatmap().isNull(), "a sidecar keeps no heatmap");
    QTest::keyClick(open.window, Qt::Key_A);
    QVERIFY(r.rerunModels());
    QVERIFY2(r.overlayText().contains("current models"), qPrintable(r.overlayText()));
    QTRY_VERIFY_WITH_TIMEOUT(!r.readout()->heatmap().isNull() && r.readout()->result()->frameIndex == r.frameIndex(), 20'000);
    QTest::keyClick(open.window, Qt::Key_A);
    QTRY_VERIFY(r.readout()->heatmap().isNull() && r.readout()->detectionShown());
  }

  // A recording made before results per head (sidecar schema 1) replays with the overlay it was shown with.
  void schemaOneRecordingReplaysAsShown() {
    const fs::path folder = dir("schema1");
    for (const auto& entry : fs::directory_iterator(fs::path(ENDOVERLAY_TEST_FIXTURES) / "schema1"))
      fs::copy_file(entry.path(), folder / entry.path().filename(), fs::copy_options::overwrite_existing);
    const fs::path video = folder / "2026-11-30_06-38-46_ERCP_schema1-.mkv";
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video));
    const InferenceResult* recorded = resultShownAt(sidecar.results, 140);
    QVERIFY(recorded && recorded->head("ampulla")->detectionShown());
    OpenReplay open(video, folder, 140);
    QVERIFY(open.replay && QTest::qWaitForWindowExposed(open.window));
    ReplayController& r = *open.replay;
    QTRY_VERIFY_WITH_TIMEOUT(r.opened() && r.frameIndex() == 140 && r.readout()->detectionShown(), 10'000);
    QVERIFY(r.sidecarNotice().isEmpty());
    QVERIFY(r.recordingText().contains(QStringLiteral("schema1-fixture")));
    const Box& box = recorded->head("ampulla")->stable.detection->box;
    QCOMPARE(r.readout()->box(), QRectF(box.x, box.y, box.width, box.height));
    QVERIFY(r.readout()->trafficLight() == OverlayReadout::Light::Red);
    QVERIFY(!r.events().isEmpty());
    saveForReview(open.window->grabWindow(), "replay_schema1");
  }

  void badFilesAreReportedNotFatal() {
    OpenReplay missing(dir("bad") / "gone.mkv", dir("bad"));
    QVERIFY(missing.replay);
    QTRY_VERIFY(missing.replay->errorText().startsWith("Cannot replay"));
    QVERIFY(missing.item(QStringLiteral("errorBanner"))->isVisible());

    // A sidecar cut off mid-line loads up to the damage and says so.
    const fs::path video = dir("damaged") / recording_.filename();
    fs::copy_file(recording_, video, fs::copy_options::overwrite_existing);
    const std::string lines = test::readText(sidecarPathFor(recording_));
    test::writeText(sidecarPathFor(video), lines.substr(0, lines.size() / 2) + "{\"frame\": 12");
    OpenReplay damaged(video, video.parent_path());
    QTRY_VERIFY_WITH_TIMEOUT(damaged.replay->opened(), 10'000);
    QVERIFY(damaged.replay->hasSidecar());
    QVERIFY(!damaged.replay->sidecarNotice().isEmpty());
    QVERIFY(damaged.item(QStringLiteral("sidecarNotice"))->isVisible());
    QVERIFY(damaged.replay->frameCount() > 150);
  }
};

QTEST_MAIN(ReplayWindowTest)
#include "ReplayWindowTest.moc"
