#include <QtTest>

#include "core/SidecarFile.h"
#include "core/SidecarWriter.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

class SidecarFileTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;

  fs::path file() const { return fs::path(scratch_.path().toStdString()) / (std::string(QTest::currentTestFunction()) + ".jsonl"); }

  static RecordingHeader header() {
    RecordingHeader h;
    h.procedureId = "0f3a";
    h.startedUtc = "2026-11-22T10:00:00Z";
    h.mode = Mode::Eus;
    h.video = "clip.mkv";
    h.sourceKind = "v4l2";
    return h;
  }

  void writeThreeResults() {
    SidecarWriter writer(file(), header());
    for (int frame = 0; frame < 3; ++frame) QVERIFY(writer.append({{"frame", frame}, {"pts_ns", frame * 40'000'000}}));
    QCOMPARE(writer.lines(), std::int64_t{3});
  }

 private Q_SLOTS:
  void writtenResultsReadBack() {
    writeThreeResults();
    const SidecarFile sidecar = SidecarFile::load(file());
    QCOMPARE(sidecar.header.at("procedure_id").get<std::string>(), std::string("0f3a"));
    QCOMPARE(sidecar.header.at("mode").get<std::string>(), std::string("EUS"));
    QCOMPARE(sidecar.header.at("source").get<std::string>(), std::string("v4l2"));
    QVERIFY(!sidecar.header.at("app_version").get<std::string>().empty());
    QCOMPARE(sidecar.results.size(), std::size_t{3});
    QCOMPARE(sidecar.results[2].at("pts_ns").get<std::int64_t>(), std::int64_t{80'000'000});
    QVERIFY(sidecar.damage.empty());
  }

  void lineCutOffByACrashLoadsUpToIt() {
    writeThreeResults();
    std::string text = test::readText(file());
    text.resize(text.size() - 8);
    test::writeText(file(), text);
    const SidecarFile sidecar = SidecarFile::load(file());
    QCOMPARE(sidecar.results.size(), std::size_t{2});
    QVERIFY2(QString::fromStdString(sidecar.damage).contains("damaged at line 4: loaded the 2 results before it"),
             sidecar.damage.c_str());
  }

  void damagedLineInTheMiddleStopsTheLoadThere() {
    writeThreeResults();
    std::string text = test::readText(file());
    const auto second = text.find("{\"frame\":1");
    text.replace(second, 3, "#!?");
    test::writeText(file(), text);
    const SidecarFile sidecar = SidecarFile::load(file());
    QCOMPARE(sidecar.results.size(), std::size_t{1});
    QVERIFY(QString::fromStdString(sidecar.damage).contains("line 3"));
  }

  void missingOrForeignFileIsAnError() {
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, SidecarFile::load(file()));
    test::writeText(file(), "{\"schema\":\"someone-else/1\"}\n");
    try {
      SidecarFile::load(file());
      QFAIL("a foreign file loaded");
    } catch (const std::runtime_error& e) {
      QVERIFY(QString(e.what()).contains("endoverlay.sidecar/1 header"));
    }
  }

  void fullDiskIsReported() {
    try {
      SidecarWriter writer("/dev/full", header());
      QFAIL("writing to a full disk succeeded");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains("disk full"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(SidecarFileTest)
#include "SidecarFileTest.moc"
