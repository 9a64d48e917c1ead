#include <QtTest>

#include <fstream>
#include <sstream>

#include "core/recording/SidecarFile.h"
#include "support/CliRun.h"
#include "support/DicomTestFiles.h"
#include "support/DemoClip.h"

using namespace endoverlay;
using test::qPath;
namespace fs = std::filesystem;

namespace {

std::string contentsOf(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

// A DICOM file whose tags and name are full of patient identifiers goes through everything that writes:
// analysis, recording, exports (DICOM ones too), the report and the log. None of it may carry a single one of
// them, and the DICOM exports open in other tools.
class DicomCliTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path root() const { return fs::path(scratch_.path().toStdString()); }
  fs::path out() const { return root() / "out"; }

 private Q_SLOTS:
  void initTestCase() {
    // The children's log goes where this test can read all of it.
    qputenv("XDG_STATE_HOME", QByteArray::fromStdString((root() / "state").string()));
  }

  void nothingWrittenNamesThePatient() {
    const auto& files = test::dicomTestFiles();
    const fs::path source = files.named("DOE_JANE_PID8675309").path;
    // A damaged copy with the same name: error messages are written too.
    const fs::path damaged = root() / "in" / source.filename();
    fs::create_directories(damaged.parent_path());
    const std::string whole = contentsOf(source);
    std::ofstream(damaged, std::ios::binary) << whole.substr(0, whole.size() - 1000);

    QString said;
    const auto run = [&said](const QStringList& args, int expected) {
      const test::CliRun result = test::runCli(args);
      said += result.out + result.err;
      QVERIFY2(result.exitCode == expected, qPrintable(args.join(' ') + "\n" + result.err));
    };
    const fs::path out = this->out();
    fs::create_directories(out);
    run({"analyze", qPath(source), "--mode", "eus", "--out", qPath(out / "results.jsonl"), "--latency",
         qPath(out / "latency.json")}, 0);
    run({"record", qPath(source), "--mode", "eus", "--out", qPath(out / "recordings")}, 0);
    fs::path recording;
    for (const auto& entry : fs::directory_iterator(out / "recordings"))
      if (entry.path().extension() == ".mkv") recording = entry.path();
    QVERIFY(!recording.empty());
    QCOMPARE(SidecarFile::load(sidecarPathFor(recording)).header.sourceKind, std::string("dicom"));
    QVERIFY(!SidecarFile::load(sidecarPathFor(recording)).results.empty());
    run({"export", qPath(recording), "--frame", "3", "--png", qPath(out / "frame.png")}, 0);
    run({"export", qPath(recording), "--mp4", qPath(out / "clip.mp4")}, 0);
    run({"export", qPath(recording), "--frame", "3", "--dicom-frame", qPath(out / "frame.dcm")}, 0);
    run({"export", qPath(recording), "--dicom-clip", qPath(out / "clip.dcm")}, 0);
    run({"report", qPath(recording), "--html", qPath(out / "report.html")}, 0);
    run({"analyze", qPath(damaged), "--mode", "eus", "--out", qPath(out / "damaged.jsonl")}, 1);
    QVERIFY2(said.contains("damaged or cut short"), qPrintable(said));

    std::vector<std::string> secrets = files.identifiers;
    secrets.push_back("DOE_JANE");
    secrets.push_back("PID8675309");
    std::size_t written = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root())) {
      if (!entry.is_regular_file() || entry.path().parent_path() == damaged.parent_path()) continue;
      ++written;
      const std::string contents = contentsOf(entry.path());
      for (const auto& secret : secrets) {
        QVERIFY2(entry.path().string().find(secret) == std::string::npos, entry.path().c_str());
        QVERIFY2(contents.find(secret) == std::string::npos, qPrintable(QString::fromStdString(
                                                                 entry.path().string() + " holds " + secret)));
      }
    }
    QVERIFY2(written >= 10, "results, latency, recording, sidecar, PNG, MP4, two DICOM, report and the log");
    QVERIFY(fs::exists(root() / "state" / "endoverlay" / "endoverlay.log"));
    for (const auto& secret : secrets)
      QVERIFY2(!said.contains(QString::fromStdString(secret)), qPrintable(said));
  }

  // pydicom and DCMTK's dcmdump and dcmj2pnm read both exports: the snapshot's pixels are the PNG's, the clip's
  // frames look like it, and both carry new UIDs and the procedure ID only.
  void dicomExportsOpenInOtherTools() {
    fs::path recording;
    for (const auto& entry : fs::directory_iterator(out() / "recordings"))
      if (entry.path().extension() == ".mkv") recording = entry.path();
    const std::string procedureId = SidecarFile::load(sidecarPathFor(recording)).header.procedureId;
    const std::int64_t frames = test::decodeTimestamps(recording).size();
    QProcess check;
    check.start(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral(ENDOVERLAY_TEST_SOURCE "/dicom/check-dicom-exports"), qPath(out() / "frame.dcm"),
                 qPath(out() / "frame.png"), "3", qPath(out() / "clip.dcm"), QString::number(frames),
                 QString::fromStdString(procedureId),
                 qPath(test::dicomTestFiles().named("DOE_JANE_PID8675309").path)});
    QVERIFY(check.waitForFinished(60'000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    qInfo("%s", check.readAllStandardOutput().trimmed().constData());
  }
};

QTEST_GUILESS_MAIN(DicomCliTest)
#include "DicomCliTest.moc"
