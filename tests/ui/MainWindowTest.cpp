#include <QtTest>

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>

#include <fstream>
#include <map>

#include "core/evaluation/GroundTruth.h"
#include "core/recording/SidecarFile.h"
#include "support/DemoClip.h"
#include "support/DicomTestFiles.h"
#include "support/OverlayPixels.h"
#include "support/QuickItems.h"
#include "support/RtspTestServer.h"
#include "support/TestFiles.h"
#include "ui/VideoController.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

using namespace endoverlay;
using test::findItem;
using test::heatmapShare;
using test::saveForReview;
using test::toWindow;

namespace {

struct OpenWindow {
  std::unique_ptr<QQmlApplicationEngine> engine = std::make_unique<QQmlApplicationEngine>();
  QQuickWindow* window = nullptr;
  VideoController* controller = nullptr;

  OpenWindow(const QString& source, const QString& models, const QString& mode = QStringLiteral("ercp"),
             const QString& recordings = {}, const QString& protocols = {}) {
    engine->setInitialProperties({{"source", source}, {"mode", mode}, {"protocolsDirectory", protocols},
                                  {"modelsDirectory", models}, {"settingsFile", ""}, {"device", "auto"},
                                  {"cpuThreads", 0}, {"explain", false}, {"recordingsFolder", recordings},
                                  {"recordAtStart", false}});
    engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/Main.qml")));
    if (engine->rootObjects().isEmpty()) return;
    window = qobject_cast<QQuickWindow*>(engine->rootObjects().first());
    controller = window->findChild<VideoController*>(QStringLiteral("controller"));
  }
};

QString path(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

// Where the video's pixels lie in the window: the picture fitted and centred.
struct PictureInWindow {
  PictureInWindow(const QQuickWindow& window, QSize frame)
      : scale(std::min(double(window.width()) / frame.width(), double(window.height()) / frame.height())),
        origin((window.width() - frame.width() * scale) / 2, (window.height() - frame.height() * scale) / 2) {}
  QPoint at(double x, double y) const { return (origin + QPointF(x * scale, y * scale)).toPoint(); }

  double scale;
  QPointF origin;
};

// A region dragged with the mouse from one frame pixel to another, as a user drags one.
void dragOnPicture(QQuickWindow* window, const PictureInWindow& picture, QPointF from, QPointF to,
                   Qt::KeyboardModifiers modifiers = {}) {
  QTest::mousePress(window, Qt::LeftButton, modifiers, picture.at(from.x(), from.y()));
  QTest::mouseMove(window, picture.at((from.x() + to.x()) / 2, (from.y() + to.y()) / 2));
  QTest::mouseMove(window, picture.at(to.x(), to.y()));
  QTest::mouseRelease(window, Qt::LeftButton, {}, picture.at(to.x(), to.y()));
}

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;

 private Q_SLOTS:
  void heatmapLiesOnThePapilla() {
    const auto truth = loadTruthLines(test::ercpDemoTruth());
    OpenWindow open(path(test::ercpDemoClip()), QString());
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    QTRY_VERIFY_WITH_TIMEOUT(c.frameIndex() >= 200 && c.readout()->detectionShown() && c.resultFrameIndex() >= 180 &&
                                 truth.at(c.resultFrameIndex()).box.has_value(),
                             60'000);
    const std::int64_t resultFrame = c.resultFrameIndex();
    const QImage shot = open.window->grabWindow();
    saveForReview(shot, QStringLiteral("main_window_ercp"));

    const QRect box = toWindow(*truth.at(resultFrame).box, c.readout()->frameSize(), shot.size());
    const QRect core = box.marginsRemoved(QMargins(box.width() / 5, box.height() / 5, box.width() / 5, box.height() / 5));
    const double inside = heatmapShare(shot, core);
    QVERIFY2(inside > 0.5, qPrintable(QStringLiteral("heatmap covers %1 of the papilla box").arg(inside)));

    // Far from the papilla, on the other side of the picture (clear of the
    // HUD, whose anti-aliased text has coloured fringes): video, no heatmap.
    const int side = 150;
    const int farX = box.center().x() > shot.width() / 2 ? 60 : shot.width() - 60 - side;
    const QRect farAway(farX, shot.height() / 2 - side / 2, side, side);
    QVERIFY(!box.marginsAdded(QMargins(40, 40, 40, 40)).intersects(farAway));
    QVERIFY(heatmapShare(shot, farAway) < 0.01);
    QVERIFY2(qGray(shot.pixel(farAway.center())) > 40, "the video is not drawn");
    QVERIFY(c.displayFps() > 0);
    QVERIFY(c.resultAgeMs() >= 0);

    // The difficulty traffic light: exactly the lamp of the current light is lit, in its colour.
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->trafficLight() != OverlayReadout::Light::Off, 10'000);
    const QImage lit = open.window->grabWindow();
    saveForReview(lit, QStringLiteral("main_window_ercp_light"));
    const auto light = c.readout()->trafficLight();
    const std::map<OverlayReadout::Light, QColor> colours{{OverlayReadout::Light::Green, QColor("#43a047")},
                                                           {OverlayReadout::Light::Amber, QColor("#ffb300")},
                                                           {OverlayReadout::Light::Red, QColor("#e53935")}};
    for (const auto& [lamp, colour] : colours) {
      QQuickItem* item = findItem(open.window->contentItem(), QStringLiteral("lamp%1").arg(static_cast<int>(lamp)));
      QVERIFY(item && item->isVisible());
      const QPoint centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint();
      const bool shownLit = QColor(lit.pixel(centre)) == colour;
      QVERIFY2(shownLit == (lamp == light), qPrintable(QStringLiteral("lamp %1").arg(static_cast<int>(lamp))));
    }

    // Keys reach the window's shortcuts only once it is active (no window manager under Xvfb).
    open.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(open.window));
    QTest::keyClick(open.window, Qt::Key_O);
    QTest::qWait(200);
    const QImage hidden = open.window->grabWindow();
    saveForReview(hidden, QStringLiteral("main_window_overlays_off"));
    const double after = heatmapShare(hidden, core);
    QVERIFY2(after < 0.05, qPrintable(QStringLiteral("heatmap still covers %1 with overlays off").arg(after)));
  }

  // Towers send 1080p and 4K: the heatmap and the box still lie on the papilla, drawn where the readout says.
  void heatmapAndBoxLieOnThePapillaAtTowerResolutions_data() {
    QTest::addColumn<QString>("clip");
    QTest::addColumn<int>("fps");
    QTest::newRow("1080p60") << QStringLiteral("ercp_1080p60") << 60;
    QTest::newRow("4K") << QStringLiteral("ercp_2160p30") << 30;
  }

  void heatmapAndBoxLieOnThePapillaAtTowerResolutions() {
    QFETCH(QString, clip);
    QFETCH(int, fps);
    const QString stem = QStringLiteral(ENDOVERLAY_TOWER_CLIPS "/") + clip;
    const auto truth = loadTruthLines((stem + QStringLiteral(".truth.jsonl")).toStdString());
    OpenWindow open(stem + QStringLiteral(".mp4"), QString());
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    // As on the demo clip: two seconds after the papilla first shows, when the smoothing has settled.
    const std::int64_t settled = 180 * fps / 25;
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->detectionShown() && c.resultFrameIndex() >= settled &&
                                 truth.at(c.resultFrameIndex()).box.has_value(),
                             60'000);
    const std::int64_t resultFrame = c.resultFrameIndex();
    const std::vector<OverlayReadout::DrawnDetection> drawn = c.readout()->detections();
    const QImage shot = open.window->grabWindow();
    saveForReview(shot, QStringLiteral("main_window_") + clip);
    QCOMPARE(c.videoSize(), c.readout()->frameSize());

    const QRect box = toWindow(*truth.at(resultFrame).box, c.readout()->frameSize(), shot.size());
    const QRect core = box.marginsRemoved(QMargins(box.width() / 5, box.height() / 5, box.width() / 5, box.height() / 5));
    const double inside = heatmapShare(shot, core);
    QVERIFY2(inside > 0.5, qPrintable(QStringLiteral("heatmap covers %1 of the papilla box").arg(inside)));

    QCOMPARE(drawn.size(), std::size_t{1});
    const QRectF& d = drawn.front().box;
    const QRect shownBox = toWindow(Box{d.x(), d.y(), d.width(), d.height()}, c.readout()->frameSize(), shot.size());
    const QRect overlap = shownBox.intersected(box);
    const double iou = double(overlap.width()) * overlap.height() /
                       (double(shownBox.width()) * shownBox.height() + double(box.width()) * box.height() -
                        double(overlap.width()) * overlap.height());
    QVERIFY2(iou > 0.5, qPrintable(QStringLiteral("the box overlaps the papilla by IoU %1").arg(iou)));
    // The box's left edge is drawn in its yellow, along the middle half of its height.
    int yellow = 0;
    const int rows = shownBox.height() / 2;
    for (int y = shownBox.top() + shownBox.height() / 4; y < shownBox.top() + shownBox.height() / 4 + rows; ++y) {
      bool found = false;
      for (int x = shownBox.left() - 2; x <= shownBox.left() + 2 && !found; ++x) found = test::isBoxYellow(shot.pixel(x, y));
      yellow += found;
    }
    QVERIFY2(yellow > rows * 0.9, qPrintable(QStringLiteral("%1 of %2 rows of the box's edge are yellow").arg(yellow).arg(rows)));
  }

  // A (or --ai-off) stops the models, not the video: no new result, no overlay, and A brings them back.
  void aiOffKeyStopsTheModelsButNotTheVideo() {
    OpenWindow open(path(test::ercpDemoClip()), QString());
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->detectionShown() && c.resultFrameIndex() >= 180, 60'000);
    const QRectF drawn = c.readout()->detections().front().box;
    const QRect box = toWindow(Box{drawn.x(), drawn.y(), drawn.width(), drawn.height()}, c.readout()->frameSize(),
                               open.window->size());
    open.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(open.window));
    QTest::keyClick(open.window, Qt::Key_A);
    QVERIFY(c.aiOff());
    QTest::qWait(300);  // a result already on its way is dropped
    const qint64 lastResult = c.resultFrameIndex();
    const qint64 frame = c.frameIndex();
    QTest::qWait(1000);
    QCOMPARE(c.resultFrameIndex(), lastResult);
    QVERIFY2(c.frameIndex() > frame + 10, "the video stopped with the AI");
    QVERIFY(c.aiPaused());
    const QImage off = open.window->grabWindow();
    saveForReview(off, QStringLiteral("main_window_ai_off"));
    QVERIFY2(heatmapShare(off, box) < 0.01, "the overlay stays with the AI off");

    QTest::keyClick(open.window, Qt::Key_A);
    QVERIFY(!c.aiOff());
    QTRY_VERIFY_WITH_TIMEOUT(c.resultFrameIndex() > frame + 10, 10'000);
  }

  void eusShowsTheCystBadgeAndTakesARegion() {
    OpenWindow open(path(test::resources() / "clips" / "eus_demo.mp4"), QString(), QStringLiteral("eus"));
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    QCOMPARE(c.modeName(), QStringLiteral("EUS"));
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->badgeLabel() == QLatin1String("MCN"), 30'000);
    auto* badge = open.window->findChild<QQuickItem*>(QStringLiteral("classBadge"));
    QVERIFY(badge && badge->isVisible());
    QVERIFY(c.readout()->badgeProbability() > 0.7);
    const QImage shot = open.window->grabWindow();
    saveForReview(shot, QStringLiteral("main_window_eus"));
    const QPoint badgeCorner = badge->mapToScene(QPointF(4, badge->height() / 2)).toPoint();
    QCOMPARE(QColor(shot.pixel(badgeCorner)), QColor("#c2185b"));

    // Drag a region on the picture: the controller gets it in frame pixels and the head uses it.
    open.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(open.window));
    const QSize frame = c.videoSize();
    const PictureInWindow fitted(*open.window, frame);
    dragOnPicture(open.window, fitted, {300, 120}, {600, 380});
    const QRectF region = c.cystRegion();
    QVERIFY2(std::abs(region.x() - 300) < 3 && std::abs(region.y() - 120) < 3 && std::abs(region.width() - 300) < 4 &&
                 std::abs(region.height() - 260) < 4,
             qPrintable(QStringLiteral("region %1,%2 %3x%4").arg(region.x()).arg(region.y()).arg(region.width()).arg(region.height())));
    QTest::qWait(300);
    auto* outline = open.window->findChild<QQuickItem*>(QStringLiteral("cystRegionFrame"));
    QVERIFY(outline && outline->isVisible());
    saveForReview(open.window->grabWindow(), QStringLiteral("main_window_eus_region"));
    QTest::keyClick(open.window, Qt::Key_C);
    QVERIFY(c.cystRegion().isEmpty());

    // G shows where the cyst head looked: Grad-CAM over the whole grey fan, in the heatmap's colours.
    // The picture below the HUD and badge and above the notice, whose anti-aliased text has coloured fringes.
    const QRect picture =
        QRectF(fitted.origin, QSizeF(frame.width() * fitted.scale, frame.height() * fitted.scale)).toRect().adjusted(0, 150, 0, -50);
    QVERIFY(heatmapShare(open.window->grabWindow(), picture) < 0.001);
    QTest::keyClick(open.window, Qt::Key_G);
    QTRY_VERIFY_WITH_TIMEOUT(!c.readout()->explanationLabel().isEmpty(), 10'000);
    QTest::qWait(100);
    const QImage explained = open.window->grabWindow();
    saveForReview(explained, QStringLiteral("main_window_eus_gradcam"));
    const double covered = heatmapShare(explained, picture);
    QVERIFY2(covered > 0.05, qPrintable(QStringLiteral("Grad-CAM covers %1 of the picture").arg(covered)));
    QTest::keyClick(open.window, Qt::Key_G);
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->explanationLabel().isEmpty(), 10'000);

    // M goes round the modes in the order of their files: CEUS, ERCP, EUS. CEUS reads a region, ERCP finds its own.
    QTest::keyClick(open.window, Qt::Key_M);
    QCOMPARE(c.modeName(), QStringLiteral("CEUS"));
    QVERIFY(open.window->findChild<QQuickItem*>(QStringLiteral("regionSelector"))->isVisible());
    QTest::keyClick(open.window, Qt::Key_M);
    QCOMPARE(c.modeName(), QStringLiteral("ERCP"));
    QVERIFY(!c.readout()->badgeReading());
    // ERCP finds its own region: nothing to drag.
    QVERIFY(!open.window->findChild<QQuickItem*>(QStringLiteral("regionSelector"))->isVisible());
  }

  // A site's protocol, with no code of its own: listed in the mode switcher, its heatmap and box on the papilla.
  void siteProtocolIsListedAndDrawsItsReadout() {
    const std::filesystem::path folder = std::filesystem::path(scratch_.path().toStdString()) / "site-protocols";
    std::filesystem::create_directories(folder);
    test::writeText(folder / "papilla.json", R"({"schema": "endoverlay.protocol/1", "id": "papilla", "name": "Papilla",
        "heads": [{"id": "papilla", "card": {"name": "ercp-ampulla-demo"}, "readout": "heatmap_box"}]})");
    const auto truth = loadTruthLines(test::ercpDemoTruth());
    OpenWindow open(path(test::ercpDemoClip()), QString(), QStringLiteral("papilla"), {}, path(folder));
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    QCOMPARE(c.modeName(), QStringLiteral("Papilla"));
    QCOMPARE(c.modes().size(), 4);
    auto* switcher = open.window->findChild<QQuickItem*>(QStringLiteral("modeSwitcher"));
    QVERIFY(switcher && switcher->isVisible());
    for (const char* id : {"mode_ceus", "mode_ercp", "mode_eus", "mode_papilla"}) QVERIFY2(findItem(switcher, id), id);
    QVERIFY(findItem(switcher, QStringLiteral("mode_papilla"))->property("font").value<QFont>().bold());
    QVERIFY(!findItem(switcher, QStringLiteral("mode_ercp"))->property("font").value<QFont>().bold());

    QTRY_VERIFY_WITH_TIMEOUT(c.frameIndex() >= 200 && c.readout()->detectionShown() && c.resultFrameIndex() >= 180 &&
                                 truth.at(c.resultFrameIndex()).box.has_value(),
                             60'000);
    const std::int64_t resultFrame = c.resultFrameIndex();
    const QImage shot = open.window->grabWindow();
    saveForReview(shot, QStringLiteral("main_window_site_protocol"));
    const QRect box = toWindow(*truth.at(resultFrame).box, c.readout()->frameSize(), shot.size());
    const QRect core = box.marginsRemoved(QMargins(box.width() / 5, box.height() / 5, box.width() / 5, box.height() / 5));
    QVERIFY2(heatmapShare(shot, core) > 0.5, "no heatmap on the papilla");
    QVERIFY(c.readout()->trafficLight() == OverlayReadout::Light::Off);  // no difficulty head in this protocol

    // A click on a name chooses that mode.
    QQuickItem* eus = findItem(switcher, QStringLiteral("mode_eus"));
    QTest::mouseClick(open.window, Qt::LeftButton, {}, eus->mapToScene(QPointF(eus->width() / 2, eus->height() / 2)).toPoint());
    QTRY_COMPARE(c.modeId(), QStringLiteral("eus"));
    QVERIFY(c.takesRegion());
  }

  void missingSourceIsShownInTheWindow() {
    OpenWindow open(QStringLiteral("/no/such/clip.mp4"), QString());
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    QVERIFY(open.controller->errorText().contains("/no/such/clip.mp4 does not exist"));
    QCOMPARE(open.controller->sourceState(), VideoController::SourceState::Failed);
    auto* banner = open.window->findChild<QQuickItem*>(QStringLiteral("errorBanner"));
    QVERIFY(banner && banner->isVisible());
    saveForReview(open.window->grabWindow(), QStringLiteral("main_window_missing_source"));
  }

  void recordKeyAndButtonRecordThePictureAndItsResults() {
    const std::filesystem::path folder = std::filesystem::path(scratch_.path().toStdString()) / "recordings";
    OpenWindow open(path(test::ercpDemoClip()), QString(), QStringLiteral("ercp"), path(folder));
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    QTRY_VERIFY_WITH_TIMEOUT(open.controller->frameIndex() > 10, 20'000);
    open.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(open.window));
    QTest::keyClick(open.window, Qt::Key_R);
    QElapsedTimer recording;
    recording.start();
    QVERIFY2(open.controller->recording(), qPrintable(open.controller->errorText()));
    QTest::qWait(3000);
    QVERIFY2(open.controller->recordingText().startsWith("REC 0:0"), qPrintable(open.controller->recordingText()));

    auto* button = findItem(open.window->contentItem(), QStringLiteral("recordButton"));
    QVERIFY(button);
    const QRect buttonRect = button->mapRectToScene(QRectF(0, 0, button->width(), button->height())).toAlignedRect();
    const QImage grabbed = open.window->grabWindow();
    saveForReview(grabbed, QStringLiteral("main_window_recording"));
    int red = 0;
    for (int y = buttonRect.top(); y <= buttonRect.bottom(); ++y)
      for (int x = buttonRect.left(); x <= buttonRect.right(); ++x) {
        const QRgb pixel = grabbed.pixel(x, y);
        red += qRed(pixel) > 180 && qGreen(pixel) < 80 && qBlue(pixel) < 80;
      }
    QVERIFY2(red > buttonRect.width() * buttonRect.height() / 2, "the record button is not red while recording");

    QTest::mouseClick(open.window, Qt::LeftButton, {}, buttonRect.center());
    const double seconds = recording.elapsed() / 1000.0;
    QVERIFY(!open.controller->recording());
    QVERIFY(open.controller->errorText().isEmpty());
    std::vector<std::filesystem::path> videos;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
      if (entry.path().extension() == ".mkv") videos.push_back(entry.path());
    QCOMPARE(videos.size(), std::size_t{1});
    const std::size_t frames = test::decodeTimestamps(videos.front()).size();
    // The clip plays at 25 fps; the recording holds what played between the key and the click.
    QVERIFY2(frames >= (seconds - 0.5) * 25 && frames <= (seconds + 0.5) * 25,
             qPrintable(QStringLiteral("%1 frames in %2 s").arg(frames).arg(seconds)));
    const SidecarFile sidecar =
        SidecarFile::load(folder / (videos.front().stem().string() + ".results.jsonl"));
    QCOMPARE(sidecar.header.protocolId, std::string("ercp"));
    // Live analysis takes the newest frame when it is free, so how many frames get a result depends on the
    // machine's load; every result belongs to a recorded frame, in order.
    QVERIFY2(sidecar.results.size() >= 5, qPrintable(QString::number(sidecar.results.size())));
    for (std::size_t i = 0; i < sidecar.results.size(); ++i) {
      QVERIFY(sidecar.results[i].frameIndex >= 0 && sidecar.results[i].frameIndex < static_cast<std::int64_t>(frames));
      QVERIFY(i == 0 || sidecar.results[i].frameIndex > sidecar.results[i - 1].frameIndex);
    }
  }

  void recordingIntoAnUnusableFolderIsShown() {
    OpenWindow open(path(test::ercpDemoClip()), QString(), QStringLiteral("ercp"), QStringLiteral("/proc/endoverlay"));
    QVERIFY(open.window && open.controller);
    open.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(open.window));
    QTest::keyClick(open.window, Qt::Key_R);
    QVERIFY(!open.controller->recording());
    QVERIFY2(open.controller->errorText().contains("Cannot record") &&
                 open.controller->errorText().contains("/proc/endoverlay"),
             qPrintable(open.controller->errorText()));
  }

  // CEUS: a region dragged around the lesion on the B-mode half is read, and drawn, at the same place on the
  // contrast half, a Shift-drag sets the reference region; I marks the injection, the phase counts from it, the
  // time-intensity curve draws both regions live, and the badge reads the demo's pancreatic cancer from the
  // pancreatic phase on, never before.
  void ceusTimesTheStudyDrawsTheCurveAndReadsTheLesion() {
    OpenWindow open(path(test::resources() / "clips" / "ceus_pdac_demo.mp4"), QString(), QStringLiteral("ceus"));
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    QCOMPARE(c.modeName(), QStringLiteral("CEUS"));
    QVERIFY(c.contrastClock());
    open.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(open.window));
    QTRY_VERIFY_WITH_TIMEOUT(!c.videoSize().isEmpty(), 10'000);
    const QSize frame = c.videoSize();
    const PictureInWindow picture(*open.window, frame);
    // Around the lesion on the left (B-mode) half: the truth's bmode_box is about 100,165 130x92.
    dragOnPicture(open.window, picture, {70, 130}, {260, 290});
    const QRectF region = c.cystRegion();
    QVERIFY2(std::abs(region.x() - (70 + frame.width() / 2)) < 3 && std::abs(region.y() - 130) < 3 &&
                 std::abs(region.width() - 190) < 4,
             qPrintable(QStringLiteral("region %1,%2 %3x%4").arg(region.x()).arg(region.y()).arg(region.width()).arg(region.height())));
    dragOnPicture(open.window, picture, {40, 300}, {110, 350}, Qt::ShiftModifier);
    QVERIFY2(std::abs(c.referenceRegion().x() - (40 + frame.width() / 2)) < 3 && c.cystRegion() == region,
             qPrintable(QString::number(c.referenceRegion().x())));
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->phaseText() == QLatin1String("injection not marked"), 10'000);
    QVERIFY(!c.readout()->badgeReading());

    // The demo's contrast is injected 2 s in.
    QTRY_VERIFY_WITH_TIMEOUT(c.frameIndex() >= 30, 10'000);
    QTest::keyClick(open.window, Qt::Key_I);
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->phaseText().startsWith(QLatin1String("vascular phase 0:0")), 5'000);
    QVERIFY(c.readout()->phaseText().endsWith(QLatin1String("(reading from pancreatic)")));
    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->phaseText().startsWith(QLatin1String("vascular phase 0:2")), 30'000);
    QVERIFY(!c.readout()->badgeReading());
    saveForReview(open.window->grabWindow(), QStringLiteral("main_window_ceus_vascular"));

    QTRY_VERIFY_WITH_TIMEOUT(c.readout()->badgeLabel() == QLatin1String("PDAC"), 40'000);
    QVERIFY(c.readout()->phaseText().startsWith(QLatin1String("pancreatic phase")));
    const std::optional<Box> read = c.result()->head("lesion_type")->region;
    QVERIFY(read && read->x >= frame.width() / 2.0);
    for (const char* name : {"cystRegionFrame", "referenceRegionFrame", "phasePanel", "timeIntensityPlot"}) {
      auto* item = open.window->findChild<QQuickItem*>(QLatin1String(name));
      QVERIFY2(item && item->isVisible(), name);
    }
    auto* outline = open.window->findChild<QQuickItem*>(QStringLiteral("cystRegionFrame"));
    QVERIFY(outline->mapToScene({0, 0}).x() > picture.at(frame.width() / 2.0, 0).x());
    // The curve has risen and its peak is timed from the injection.
    const auto peak = c.readout()->curve().regionPeak();
    QVERIFY(peak && peak->secondsAfterInjection && *peak->secondsAfterInjection > 5);
    QVERIFY(peak->intensity > c.readout()->curve().points().front().region + 20);
    QTest::qWait(300);
    const QImage shot = open.window->grabWindow();
    saveForReview(shot, QStringLiteral("main_window_ceus"));
    // Both curves are drawn in their regions' colours on the plot.
    auto* plot = open.window->findChild<QQuickItem*>(QStringLiteral("timeIntensityPlot"));
    const QRect area = QRectF(plot->mapToScene({0, 0}), QSizeF(plot->width(), plot->height())).toRect();
    const auto near = [&](const QColor& colour) {
      int count = 0;
      for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
          const QColor p(shot.pixel(x, y));
          count += std::abs(p.red() - colour.red()) + std::abs(p.green() - colour.green()) + std::abs(p.blue() - colour.blue()) < 40;
        }
      return count;
    };
    QVERIFY2(near(c.readout()->regionColour()) > 100, qPrintable(QString::number(near(c.readout()->regionColour()))));
    QVERIFY(near(c.readout()->referenceColour()) > 100);
  }

  // A DICOM cine named after its patient plays as a source: at its own rate, read by the models, named by its kind.
  void aDicomCinePlaysAsTheSource() {
    const auto& cine = test::dicomTestFiles().named("eus_cine_jpeg");
    const std::filesystem::path named = std::filesystem::path(scratch_.path().toStdString()) / "DOE_JANE_PID8675309.dcm";
    std::filesystem::copy_file(cine.path, named, std::filesystem::copy_options::overwrite_existing);
    OpenWindow open(path(named), QString(), QStringLiteral("eus"));
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    QTRY_VERIFY_WITH_TIMEOUT(c.frameIndex() >= 40 && c.readout()->badgeReading(), 20'000);
    QCOMPARE(open.window->title(), QStringLiteral("Endoverlay — DICOM file"));
    QVERIFY2(c.errorText().isEmpty(), qPrintable(c.errorText()));
  }

  // A real RTSP server killed and started again: the window keeps the last frame, dimmed, says so, and plays on.
  void droppedStreamShowsSignalLostAndComesBack() {
    test::RtspTestServer server;
    QVERIFY(server.start());
    OpenWindow open(server.url(), QString());
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    VideoController& c = *open.controller;
    QTRY_VERIFY_WITH_TIMEOUT(c.frameIndex() > 50, 30'000);
    QCOMPARE(open.window->title(), QStringLiteral("Endoverlay — rtsp stream"));
    const QImage playing = open.window->grabWindow();
    server.kill();
    QTRY_VERIFY_WITH_TIMEOUT(c.sourceState() == VideoController::SourceState::Reconnecting, 15'000);
    QQuickItem* notice = findItem(open.window->contentItem(), QStringLiteral("signalLost"));
    QVERIFY(notice && notice->isVisible());
    QCOMPARE(c.readout()->fade(), 0.0);
    QCOMPARE(findItem(open.window->contentItem(), QStringLiteral("trafficLight"))->opacity(), 0.0);  // no stale warning
    QTest::qWait(300);
    const QImage lost = open.window->grabWindow();
    saveForReview(lost, QStringLiteral("main_window_signal_lost"));
    // The last frame stays on screen, dimmed: darker, and not black.
    const QRect middle(lost.width() / 4, lost.height() / 3, lost.width() / 2, lost.height() / 3);
    const auto meanGrey = [&](const QImage& image) {
      double sum = 0;
      for (int y = middle.top(); y <= middle.bottom(); y += 4)
        for (int x = middle.left(); x <= middle.right(); x += 4) sum += qGray(image.pixel(x, y));
      return sum / ((middle.width() / 4 + 1) * (middle.height() / 4 + 1));
    };
    QVERIFY2(meanGrey(lost) < meanGrey(playing) * 0.6 && meanGrey(lost) > 5,
             qPrintable(QStringLiteral("%1 then %2").arg(meanGrey(playing)).arg(meanGrey(lost))));
    QVERIFY(c.errorText().startsWith(QStringLiteral("Signal lost")));
    const qint64 frameAtDrop = c.frameIndex();
    QVERIFY(server.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.sourceState() == VideoController::SourceState::Playing && c.frameIndex() > frameAtDrop + 25,
                             30'000);
    QVERIFY(!notice->isVisible());
    QVERIFY(c.errorText().isEmpty());
  }

  void refusedModelIsShownWhileTheVideoPlays() {
    const std::filesystem::path models = std::filesystem::path(scratch_.path().toStdString()) / "tampered";
    test::copyBundledModels(models);
    std::ofstream(models / "ercp-ampulla-demo.pt", std::ios::app) << "x";
    OpenWindow open(path(test::ercpDemoClip()), path(models));
    QVERIFY(open.window && open.controller);
    QVERIFY(QTest::qWaitForWindowExposed(open.window));
    QTRY_VERIFY_WITH_TIMEOUT(open.controller->frameIndex() > 25, 20'000);
    QVERIFY2(open.controller->errorText().contains("refused"), qPrintable(open.controller->errorText()));
    QVERIFY(open.controller->aiPaused());
    auto* banner = open.window->findChild<QQuickItem*>(QStringLiteral("errorBanner"));
    QVERIFY(banner && banner->isVisible());
  }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
