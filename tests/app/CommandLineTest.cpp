#include <QProcessEnvironment>
#include <QtTest>

#include "support/CliRun.h"
#include "support/TestFiles.h"

using namespace endoverlay;

namespace {

// The window's binary, without a display: its options are read before any GUI exists.
test::CliRun runWindowWithoutDisplay(const QStringList& args) {
  QProcess process;
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.remove(QStringLiteral("DISPLAY"));
  environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
  environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
  process.setProcessEnvironment(environment);
  process.start(QStringLiteral(ENDOVERLAY_WINDOW), args);
  if (!process.waitForFinished(60'000)) process.kill();
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace

// The conventions of both command lines: --help per command, --version, and
// a clear refusal with the usage for every value the parser cannot take.
class CommandLineTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyCommandHasItsOwnHelp_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("option");
    QTest::newRow("analyze") << "analyze" << "--latency";
    QTest::newRow("bench") << "bench" << "--compare-eager";
    QTest::newRow("eval") << "eval" << "--resamples";
    QTest::newRow("record") << "record" << "--procedure-id";
    QTest::newRow("export") << "export" << "--mp4";
    QTest::newRow("report") << "report" << "--html";
  }

  void everyCommandHasItsOwnHelp() {
    QFETCH(QString, command);
    QFETCH(QString, option);
    const test::CliRun run = test::runCli({command, "--help"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("Usage: " + command) && run.out.contains(option), qPrintable(run.out));
    QVERIFY(run.err.isEmpty());
  }

  void wholeProgramHelpListsTheCommands() {
    const test::CliRun run = test::runCli({"--help"});
    QCOMPARE(run.exitCode, 0);
    for (const char* command : {"analyze", "bench", "eval", "record", "export", "report", "--self-test", "--show-source-names"})
      QVERIFY2(run.out.contains(command), command);
    QCOMPARE(test::runCli({}).exitCode, 0);
  }

  void badValuesAreRefusedWithTheUsage_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("problem");
    const QString clip = test::qPath(test::ercpDemoClip());
    QTest::newRow("missing --out") << QStringList{"analyze", clip} << "--out is required";
    QTest::newRow("threads zero") << QStringList{"analyze", clip, "--out", "x", "--threads", "0"} << "--threads";
    QTest::newRow("threads as text") << QStringList{"analyze", clip, "--out", "x", "--threads", "many"} << "--threads";
    QTest::newRow("unknown mode") << QStringList{"analyze", clip, "--out", "x", "--mode", "colon"} << "--mode: no protocol 'colon' (there are: ceus, ct-renal-mass, ercp, eus, mri-cirrhosis)";
    QTest::newRow("recording a study mode") << QStringList{"record", clip, "--out", "x", "--mode", "ct-renal-mass"}
                                            << "--mode: mode ct-renal-mass reads CT or MR studies, which analyze and eval take; this command takes video";
    QTest::newRow("unknown device") << QStringList{"analyze", clip, "--out", "x", "--device", "tpu"} << "auto, cpu or cuda";
    QTest::newRow("region of three") << QStringList{"analyze", clip, "--out", "x", "--region", "1,2,3"} << "--region: wants X,Y,W,H";
    QTest::newRow("negative region") << QStringList{"analyze", clip, "--out", "x", "--region", "-5,2,3,4"} << "--region: wants X,Y,W,H";
    QTest::newRow("region of NaN") << QStringList{"analyze", clip, "--out", "x", "--region", "nan,2,3,4"} << "--region: wants X,Y,W,H";
    QTest::newRow("injection at NaN") << QStringList{"analyze", clip, "--out", "x", "--mode", "ceus", "--injection-at", "nan"}
                                      << "--injection-at: wants seconds from 0 to 86400";
    QTest::newRow("injection before the start") << QStringList{"record", clip, "--out", "x", "--injection-at", "-3"}
                                                << "--injection-at: wants seconds";
    QTest::newRow("reference region of a word") << QStringList{"analyze", clip, "--out", "x", "--reference-region", "parenchyma"}
                                                << "--reference-region: wants X,Y,W,H";
    QTest::newRow("procedure id with a path") << QStringList{"record", "test:", "--out", "x", "--procedure-id", "../../etc/x"}
                                              << "--procedure-id: a procedure ID is 1 to 64";
    QTest::newRow("procedure id too long") << QStringList{"record", "test:", "--out", "x", "--procedure-id", QString(65, 'a')}
                                           << "--procedure-id: a procedure ID is 1 to 64";
    QTest::newRow("negative frame") << QStringList{"export", "a.mkv", "--png", "a.png", "--frame", "-1"} << "--frame";
    QTest::newRow("png and mp4") << QStringList{"export", "a.mkv", "--png", "a.png", "--mp4", "a.mp4"} << "excludes";
    QTest::newRow("neither png nor mp4") << QStringList{"export", "a.mkv"} << "export wants either --png";
    QTest::newRow("frame without png") << QStringList{"export", "a.mkv", "--mp4", "a.mp4", "--frame", "3"} << "--frame requires --png";
    QTest::newRow("frame of a DICOM clip") << QStringList{"export", "a.mkv", "--dicom-clip", "a.dcm", "--frame", "3"}
                                           << "--frame requires --png or --dicom-frame";
    QTest::newRow("range of a DICOM frame") << QStringList{"export", "a.mkv", "--dicom-frame", "a.dcm", "--to", "3"}
                                            << "--to requires --mp4 or --dicom-clip";
    QTest::newRow("DICOM frame and clip") << QStringList{"export", "a.mkv", "--dicom-frame", "a.dcm", "--dicom-clip", "b.dcm"}
                                          << "excludes";
    QTest::newRow("unknown option") << QStringList{"report", "a.mkv", "--html", "a.html", "--colour"} << "--colour";
    QTest::newRow("unknown command") << QStringList{"analyse", clip} << "analyse";
    QTest::newRow("two videos") << QStringList{"analyze", clip, clip, "--out", "x"} << "";
  }

  void badValuesAreRefusedWithTheUsage() {
    QFETCH(QStringList, args);
    QFETCH(QString, problem);
    const test::CliRun run = test::runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith("endoverlay-cli: ") && run.err.contains(problem) && run.err.contains("Usage: "),
             qPrintable(run.err));
  }

  void anOutputThatIsAnInputIsRefused_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("input");
    const QString clip = test::qPath(test::ercpDemoClip());
    const QString folder = test::qPath(test::ercpDemoClip().parent_path());
    QTest::newRow("results over the video") << QStringList{"analyze", clip, "--out", clip} << "ercp_demo.mp4";
    QTest::newRow("by another way") << QStringList{"analyze", clip, "--out", folder + "/../clips/ercp_demo.mp4"} << "ercp_demo.mp4";
    QTest::newRow("latency over the ground truth") << QStringList{"analyze", clip, "--out", "/dev/null", "--latency", folder + "/ercp_demo.truth.jsonl"}
                                                    << "ercp_demo.truth.jsonl";
    QTest::newRow("report over the recording") << QStringList{"report", "/tmp/rec.mkv", "--html", "/tmp/rec.mkv"} << "rec.mkv";
    QTest::newRow("snapshot over the results") << QStringList{"export", "/tmp/rec.mkv", "--png", "/tmp/rec.results.jsonl"} << "rec.results.jsonl";
    QTest::newRow("eval report over its manifest") << QStringList{"eval", "/tmp/set", "--json", "/tmp/set/dataset.json"} << "dataset.json";
  }

  void anOutputThatIsAnInputIsRefused() {
    QFETCH(QStringList, args);
    QFETCH(QString, input);
    const std::string before = test::readText(test::ercpDemoClip());
    const test::CliRun run = test::runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("is one of the inputs (" + input + ")"), qPrintable(run.err));
    QVERIFY(test::readText(test::ercpDemoClip()) == before);
  }

  void regionOutsideThePictureIsNamed() {
    const test::CliRun run = test::runCli({"analyze", test::qPath(test::resources() / "clips" / "eus_demo.mp4"), "--mode", "eus",
                                           "--region", "5000,5000,100,100", "--out", "/dev/null"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("the region of interest 5000,5000,100,100 lies outside the 640x480 picture"), qPrintable(run.err));
  }

  void windowAnswersHelpAndVersionWithoutADisplay() {
    const test::CliRun help = runWindowWithoutDisplay({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains("Usage: endoverlay") && help.out.contains("--replay") && help.out.contains("--show-source-names"),
             qPrintable(help.out));
    const test::CliRun version = runWindowWithoutDisplay({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("endoverlay "));
  }

  void windowRefusesBadValuesBeforeOpening_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("problem");
    QTest::newRow("unknown mode") << QStringList{"--mode", "colon"} << "--mode: no protocol 'colon' (there are: ceus, ct-renal-mass, ercp, eus, mri-cirrhosis)";
    QTest::newRow("unknown device") << QStringList{"--device", "tpu"} << "auto, cpu or cuda";
    QTest::newRow("threads as text") << QStringList{"--threads", "many"} << "--threads wants a whole number";
    QTest::newRow("negative frame") << QStringList{"--replay", "a.mkv", "--frame", "-3"} << "--frame wants a whole number";
    QTest::newRow("unknown option") << QStringList{"--colour"} << "Unknown option 'colour'";
    QTest::newRow("screenshot after NaN seconds") << QStringList{"--after", "nan"} << "--after wants seconds";
    QTest::newRow("stray argument") << QStringList{"clip.mp4"} << "unexpected argument 'clip.mp4'";
    QTest::newRow("replay and library") << QStringList{"--replay", "a.mkv", "--library", "."} << "give one";
    QTest::newRow("study and replay") << QStringList{"--study", ".", "--replay", "a.mkv"} << "--replay, --library and --study: give one";
    QTest::newRow("study and source") << QStringList{"--study", ".", "--source", "test:"} << "--study and --source: give one";
    QTest::newRow("study mode on video") << QStringList{"--mode", "mri-cirrhosis"}
                                         << "--mode mri-cirrhosis reads CT or MR studies: open one with --study DIR";
    QTest::newRow("video mode on a study") << QStringList{"--study", ".", "--mode", "eus"}
                                           << "--mode eus reads video, not a study given with --study";
    QTest::newRow("region without a study") << QStringList{"--region", "1,2,30,40"} << "--region is for a study";
    QTest::newRow("region without area") << QStringList{"--study", ".", "--region", "1,2,0,40"} << "--region wants X,Y,W,H";
  }

  void windowRefusesBadValuesBeforeOpening() {
    QFETCH(QStringList, args);
    QFETCH(QString, problem);
    const test::CliRun run = runWindowWithoutDisplay(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith("endoverlay: ") && run.err.contains(problem) && run.err.contains("Usage: endoverlay"),
             qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(CommandLineTest)
#include "CommandLineTest.moc"
