#include <QtTest>

#include <csignal>

#include "core/SidecarFile.h"
#include "pipeline/ReplaySource.h"
#include "support/CliRun.h"
#include "support/DemoClip.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;
using test::qPath;

namespace {

constexpr double kDemoFps = 25.0;

fs::path sidecarBeside(const fs::path& video) {
  return video.parent_path() / (video.stem().string() + ".results.jsonl");
}

}  // namespace

class RecordCliTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return fs::path(scratch_.path().toStdString()) / QTest::currentTestFunction(); }

 private Q_SLOTS:
  void recordsForTheSecondsAsked() {
    const test::CliRun run = test::runCli({"record", qPath(test::ercpDemoClip()), "--out", qPath(dir()), "--seconds", "2",
                                           "--procedure-id", "demo-0001"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains("recording to ") && run.out.contains("recorded "), qPrintable(run.out));
    std::vector<fs::path> videos;
    for (const auto& entry : fs::directory_iterator(dir()))
      if (entry.path().extension() == ".mkv") videos.push_back(entry.path());
    QCOMPARE(videos.size(), std::size_t{1});
    const std::size_t frames = test::decodeTimestamps(videos.front()).size();
    QVERIFY2(frames >= 40 && frames <= 55, qPrintable(QStringLiteral("%1 frames in 2 s").arg(frames)));
    const SidecarFile sidecar = SidecarFile::load(sidecarBeside(videos.front()));
    QCOMPARE(sidecar.header.at("procedure_id").get<std::string>(), std::string("demo-0001"));
    QVERIFY(!sidecar.results.empty());
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
    const SidecarFile sidecar = SidecarFile::load(sidecarBeside(video));
    QVERIFY(static_cast<double>(sidecar.results.size()) >= (seconds - 1.0) * kDemoFps * 0.5);
    // It opens in replay too, though the crash left it without its index.
    ReplaySource replay(video, {}, {});
    QCOMPARE(replay.seek(40).index, std::int64_t{40});
    QCOMPARE(replay.step(-1).index, std::int64_t{39});
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
    QVERIFY2(usage.err.contains("record wants --out FOLDER"), qPrintable(usage.err));
  }
};

QTEST_GUILESS_MAIN(RecordCliTest)
#include "RecordCliTest.moc"
