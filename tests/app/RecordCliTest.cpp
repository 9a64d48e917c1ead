#include <QtTest>

#include <QXmlStreamReader>

#include <csignal>

#include <opencv2/imgcodecs.hpp>

#include "core/readout/OverlayPainter.h"
#include "core/recording/RecordingEvents.h"
#include "core/recording/ReviewFile.h"
#include "core/recording/SidecarFile.h"
#include "pipeline/ReplaySource.h"
#include "support/CliRun.h"
#include "support/DemoClip.h"
#include "support/OverlayPixels.h"
#include "support/ResultHeads.h"
#include "support/RtspTestServer.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;
using test::boxEdgePixels;
using test::headOf;
using test::qPath;

namespace {

constexpr double kDemoFps = 25.0;

// The newest result at or before `frame`: what the live view showed on it.
const InferenceResult* shownOn(const SidecarFile& sidecar, std::int64_t frame) {
  const InferenceResult* shown = nullptr;
  for (const auto& result : sidecar.results)
    if (result.frameIndex <= frame) shown = &result;
  return shown;
}

}  // namespace

class RecordCliTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path recorded_;  // the seven-second recording, which the report test reuses
  fs::path dir() const { return fs::path(scratch_.path().toStdString()) / QTest::currentTestFunction(); }

 private Q_SLOTS:
  void recordsForTheSecondsAskedAndExportsASnapshot() {
    // Seven seconds: the demo papilla comes into view at frame 129.
    const test::CliRun run = test::runCli({"record", qPath(test::ercpDemoClip()), "--out", qPath(dir()), "--seconds", "7",
                                           "--procedure-id", "demo-0001"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("recording to ") && run.out.contains("recorded "), qPrintable(run.out));
    std::vector<fs::path> videos;
    for (const auto& entry : fs::directory_iterator(dir()))
      if (entry.path().extension() == ".mkv") videos.push_back(entry.path());
    QCOMPARE(videos.size(), std::size_t{1});
    const fs::path video = videos.front();
    recorded_ = video;
    const std::size_t frames = test::decodeTimestamps(video).size();
    QVERIFY2(frames >= 160 && frames <= 185, qPrintable(QStringLiteral("%1 frames in 7 s").arg(frames)));
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video));
    QCOMPARE(sidecar.header.procedureId, std::string("demo-0001"));
    QVERIFY(!sidecar.results.empty());

    const InferenceResult* shown = shownOn(sidecar, 160);
    QVERIFY2(shown && headOf(*shown, "ampulla").detectionShown(), "the papilla is boxed by frame 160");
    const fs::path png = dir() / "frame160.png";
    const test::CliRun snapshot = test::runCli({"export", qPath(video), "--frame", "160", "--png", qPath(png)});
    QVERIFY2(snapshot.exitCode == 0, qPrintable(snapshot.err));
    const cv::Mat picture = cv::imread(png.string());
    QCOMPARE(picture.cols, 640);
    const Box& box = headOf(*shown, "ampulla").stable.detection->box;
    const int left = static_cast<int>(box.x);
    const int middle = static_cast<int>(box.y + box.height / 2);
    QVERIFY2(boxEdgePixels(picture, box) > 0, "no box edge where the sidecar puts it");

    // Frames 130 to 160 as MP4, the overlay burned into every frame.
    const fs::path mp4 = dir() / "range.mp4";
    const test::CliRun clip =
        test::runCli({"export", qPath(video), "--mp4", qPath(mp4), "--from", "130", "--to", "160"});
    QVERIFY2(clip.exitCode == 0, qPrintable(clip.err));
    const std::vector<std::int64_t> pts = test::decodeTimestamps(mp4);
    QCOMPARE(pts.size(), std::size_t{31});
    for (std::size_t i = 0; i < pts.size(); ++i)
      QVERIFY(std::abs(pts[i] - static_cast<std::int64_t>(i * 1e9 / kDemoFps)) <= 1'000'000);
    const cv::Mat encoded = test::decodeFrame(mp4, 30).bgrx;  // frame 160, lossy: the box is yellowish, not exact
    int yellow = 0;
    for (int x = left - 2; x <= left + 3; ++x) {
      const cv::Vec4b p = encoded.at<cv::Vec4b>(middle, x);
      yellow += p[2] > 190 && p[1] > 150 && p[0] < 110;
    }
    QVERIFY2(yellow > 0, "no box edge in the exported clip where the sidecar puts it");
    const test::CliRun unwritable =
        test::runCli({"export", qPath(video), "--mp4", "/no/such/folder/x.mp4", "--to", "10"});
    QCOMPARE(unwritable.exitCode, 1);
    QVERIFY2(unwritable.err.contains("cannot write /no/such/folder/x.mp4"), qPrintable(unwritable.err));

    const test::CliRun past = test::runCli({"export", qPath(video), "--frame", "5000", "--png", qPath(png)});
    QCOMPARE(past.exitCode, 1);
    QVERIFY2(past.err.contains("has no frame 5000"), qPrintable(past.err));
    const test::CliRun nowhere = test::runCli({"export", qPath(video), "--frame", "3", "--png", "/no/such/folder/x.png"});
    QCOMPARE(nowhere.exitCode, 1);
    QVERIFY2(nowhere.err.contains("writing /no/such/folder/x.png failed"), qPrintable(nowhere.err));
    const test::CliRun plain = test::runCli({"export", qPath(test::ercpDemoClip()), "--frame", "3", "--png", qPath(png)});
    QCOMPARE(plain.exitCode, 1);
    QVERIFY2(plain.err.contains("only recordings can be exported"), qPrintable(plain.err));
  }

  void reportListsEveryEventWithItsPicture() {
    QVERIFY2(!recorded_.empty(), "needs the recording made by the test before");
    Review review;
    review.verdict = Verdict::Disagree;
    review.notes = {{140, "warning <early> & loud"}};
    review.save(reviewPathFor(recorded_));
    const fs::path page = dir().string() + ".html";
    const test::CliRun run = test::runCli({"report", qPath(recorded_), "--html", qPath(page)});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    const QString html = QString::fromStdString(test::readText(page));
    QXmlStreamReader xml(html);  // well formed: every element closed, every attribute quoted
    int rows = 0;
    int pictures = 0;
    QStringList frameCells;
    while (!xml.atEnd()) {
      xml.readNext();
      if (xml.isStartElement() && xml.name() == QLatin1String("tr") &&
          xml.attributes().value("class") == QLatin1String("event")) {
        ++rows;
        xml.readNextStartElement();                  // time
        xml.skipCurrentElement();
        xml.readNextStartElement();                  // frame
        frameCells << xml.readElementText();
      }
      if (xml.isStartElement() && xml.name() == QLatin1String("img")) ++pictures;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    const std::vector<RecordingEvent> events = findEvents(SidecarFile::load(sidecarPathFor(recorded_)).results);
    QVERIFY(!events.empty());
    QCOMPARE(rows, static_cast<int>(events.size()));
    QCOMPARE(pictures, static_cast<int>(events.size()));
    for (std::size_t i = 0; i < events.size(); ++i) QCOMPARE(frameCells.at(static_cast<int>(i)).toLongLong(), events[i].frame);
    QVERIFY(html.contains("demo-0001"));
    QVERIFY(html.contains("reviewer disagrees with the AI"));
    QVERIFY(html.contains("warning &lt;early&gt; &amp; loud"));
    QVERIFY(html.contains("ercp-ampulla-demo 1.0.0 (SHA-256 "));
    QVERIFY(html.contains("<td>inference</td>"));
    QVERIFY(html.contains("not for clinical use"));

    const test::CliRun missing = test::runCli({"report", "/no/such/rec.mkv", "--html", qPath(page)});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("sidecar rec.results.jsonl cannot be read"), qPrintable(missing.err));
  }

  // A recording made before sidecars named their heads (schema 1) exports and reports as it always did.
  void schemaOneRecordingStillExportsAndReports() {
    fs::create_directories(dir());
    const fs::path fixture = fs::path(ENDOVERLAY_TEST_FIXTURES) / "schema1";
    for (const auto& entry : fs::directory_iterator(fixture)) fs::copy_file(entry.path(), dir() / entry.path().filename());
    const fs::path video = dir() / "2026-11-30_06-38-46_ERCP_schema1-.mkv";
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video));
    QCOMPARE(sidecar.results.size(), std::size_t{146});
    const InferenceResult* shown = shownOn(sidecar, 140);
    QVERIFY2(shown && headOf(*shown, "ampulla").detectionShown(), "the papilla is boxed by frame 140");
    QVERIFY(headOf(*shown, "difficulty").stable.light == TrafficLight::Red);

    const fs::path png = dir() / "frame140.png";
    const test::CliRun snapshot = test::runCli({"export", qPath(video), "--frame", "140", "--png", qPath(png)});
    QVERIFY2(snapshot.exitCode == 0, qPrintable(snapshot.err));
    QVERIFY2(boxEdgePixels(cv::imread(png.string()), headOf(*shown, "ampulla").stable.detection->box) > 0,
             "no box edge where the sidecar puts it");

    const fs::path page = dir() / "report.html";
    const test::CliRun report = test::runCli({"report", qPath(video), "--html", qPath(page)});
    QVERIFY2(report.exitCode == 0, qPrintable(report.err));
    const QString html = QString::fromStdString(test::readText(page));
    QVERIFY(html.contains("schema1-fixture"));
    QVERIFY(html.contains("ercp-difficulty-demo 1.0.0 (SHA-256 "));
    QCOMPARE(html.count("<tr class=\"event\">"), static_cast<int>(findEvents(sidecar.results).size()));
  }

  void killedRecordingKeepsAllButItsLastSecond() {
    QProcess process;
    process.start(QStringLiteral(ENDOVERLAY_CLI), {"record", qPath(test::ercpDemoClip()), "--out", qPath(dir())});
    QVERIFY(process.waitForStarted());
    QString out;
    QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(process.readAllStandardOutput())).contains('\n'), 60'000);
    QElapsedTimer recording;
    recording.start();
    QVERIFY2(out.startsWith("recording to "), qPrintable(out));
    const fs::path video = out.mid(13).trimmed().toStdString();
    QTest::qWait(3000);
    const double seconds = recording.elapsed() / 1000.0;
    ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    const std::vector<std::int64_t> pts = test::decodeTimestamps(video);
    QVERIFY2(static_cast<double>(pts.size()) >= (seconds - 1.0) * kDemoFps,
             qPrintable(QStringLiteral("%1 frames play after %2 s of recording").arg(pts.size()).arg(seconds)));
    for (std::size_t i = 0; i < pts.size(); ++i)
      QVERIFY(std::abs(pts[i] - static_cast<std::int64_t>(i * 1e9 / kDemoFps)) <= 1'000'000);
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(video));
    // The results reach the video's last second. How many there are follows the CPU (the analysis takes the
    // newest frame and skips what it cannot keep up with), so only one a second is asked for.
    QVERIFY(static_cast<double>(sidecar.results.size()) >= seconds - 1.0);
    QVERIFY2(sidecar.results.back().ptsNs >= pts.back() - 1'000'000'000,
             qPrintable(QStringLiteral("the last result at %1 s, the last frame at %2 s")
                            .arg(sidecar.results.back().ptsNs / 1e9).arg(pts.back() / 1e9)));
    // It opens in replay too, though the crash left it without its index.
    ReplaySource replay(video, {}, {});
    QCOMPARE(replay.seek(40).index, std::int64_t{40});
    QCOMPARE(replay.step(-1).index, std::int64_t{39});
  }

  // A real RTSP server on 127.0.0.1, killed and started again mid-recording: the recording spans the gap,
  // says where it was, and replays as one procedure.
  void droppedStreamReconnectsAndTheRecordingGoesOn() {
    test::RtspTestServer server;
    QVERIFY(server.start());
    const fs::path folder = dir() / "rtsp";
    QProcess cli;
    cli.start(QStringLiteral(ENDOVERLAY_CLI), {"record", server.url(), "--out", qPath(folder), "--seconds", "16",
                                                "--procedure-id", "rtsp-0001"});
    QVERIFY(cli.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += cli.readAllStandardOutput()).contains("recording to"), 20'000);
    QTest::qWait(3000);
    server.kill();
    QTest::qWait(3000);
    QVERIFY(server.start());
    QVERIFY(cli.waitForFinished(40'000));
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QVERIFY2(cli.exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains("signal lost, reconnecting") && err.contains("signal back after"), qPrintable(err));
    QVERIFY2(!err.contains("127.0.0.1"), qPrintable(err));  // the stream's address stays out of messages and logs

    std::vector<fs::path> videos;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.path().extension() == ".mkv") videos.push_back(entry.path());
    QCOMPARE(videos.size(), std::size_t{1});  // one procedure, one file across the gap
    const SidecarFile sidecar = SidecarFile::load(sidecarPathFor(videos.front()));
    QVERIFY2(sidecar.damage.empty(), sidecar.damage.c_str());
    QCOMPARE(sidecar.header.sourceKind, std::string("uri"));
    const std::vector<RecordingEvent> events = findEvents(sidecar.results);
    const auto lost = std::find_if(events.begin(), events.end(), [](const RecordingEvent& e) { return e.kind == EventKind::SignalLost; });
    QVERIFY(lost != events.end());
    const InferenceResult* marked = resultShownAt(sidecar.results, lost->frame);
    QVERIFY2(marked->signalGapNs > 2'500'000'000 && marked->signalGapNs < 15'000'000'000,
             qPrintable(QString::number(marked->signalGapNs / 1e9)));
    QVERIFY(sidecar.results.back().frameIndex > lost->frame + 25);  // results go on after it

    // The gap is taken out of the file's time: replay goes straight across the join, frame by frame.
    ReplaySource replay(videos.front(), {}, {});
    const Frame before = replay.seek(lost->frame - 10);
    const Frame after = replay.seek(lost->frame + 10);
    QCOMPARE(before.index, lost->frame - 10);
    QCOMPARE(after.index, lost->frame + 10);
    QVERIFY2(after.ptsNs - before.ptsNs < 1'000'000'000, qPrintable(QString::number(after.ptsNs - before.ptsNs)));
    QVERIFY(replay.frameCount() > lost->frame + 25);
  }

  void removedFolderEndsTheRecordingWithAnError() {
    const fs::path folder = dir() / "vanishing";
    QProcess process;
    process.start(QStringLiteral(ENDOVERLAY_CLI), {"record", "test:", "--out", qPath(folder), "--seconds", "60"});
    QVERIFY(process.waitForStarted());
    QByteArray out;
    QTRY_VERIFY2_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("recording to"), process.readAllStandardError().constData(), 20'000);
    QTest::qWait(1500);
    fs::remove_all(folder);
    QVERIFY(process.waitForFinished(15'000));
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains("recording stopped") && err.contains("removed or moved away"), qPrintable(err));
  }

  void unusableFolderOrSourceIsReported() {
    const test::CliRun folder = test::runCli({"record", qPath(test::ercpDemoClip()), "--out", "/proc/endoverlay"});
    QCOMPARE(folder.exitCode, 1);
    QVERIFY2(folder.err.contains("cannot create the recordings folder /proc/endoverlay"), qPrintable(folder.err));
    const test::CliRun source = test::runCli({"record", "/no/such/clip.mp4", "--out", qPath(dir())});
    QCOMPARE(source.exitCode, 1);
    QVERIFY2(source.err.contains("/no/such/clip.mp4 does not exist"), qPrintable(source.err));
    const test::CliRun usage = test::runCli({"record", qPath(test::ercpDemoClip())});
    QCOMPARE(usage.exitCode, 2);
    QVERIFY2(usage.err.contains("--out is required"), qPrintable(usage.err));
  }
};

QTEST_GUILESS_MAIN(RecordCliTest)
#include "RecordCliTest.moc"
