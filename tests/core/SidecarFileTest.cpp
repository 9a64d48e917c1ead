#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/recording/SidecarFile.h"
#include "core/recording/SidecarWriter.h"
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
    h.protocolId = "eus";
    h.protocolName = "EUS";
    h.video = "clip.mkv";
    h.sourceKind = "v4l2";
    return h;
  }

  void writeThreeResults() {
    fs::remove(file());  // each row of a data-driven test starts afresh
    SidecarWriter writer(file(), header());
    for (int frame = 0; frame < 3; ++frame) QVERIFY(writer.append({{"frame", frame}, {"pts_ns", frame * 40'000'000}}));
    QCOMPARE(writer.lines(), std::int64_t{3});
  }

 private Q_SLOTS:
  void writtenResultsReadBack() {
    writeThreeResults();
    const SidecarFile sidecar = SidecarFile::load(file());
    QCOMPARE(sidecar.header.procedureId, std::string("0f3a"));
    QCOMPARE(sidecar.header.protocolId, std::string("eus"));
    QCOMPARE(sidecar.header.protocolName, std::string("EUS"));
    QCOMPARE(sidecar.header.sourceKind, std::string("v4l2"));
    QVERIFY(!sidecar.header.appVersion.empty());
    QCOMPARE(sidecar.results.size(), std::size_t{3});
    QCOMPARE(sidecar.results[2].ptsNs, std::int64_t{80'000'000});
    QVERIFY(sidecar.damage.empty());
    QCOMPARE(resultShownAt(sidecar.results, 1)->frameIndex, std::int64_t{1});
    QCOMPARE(resultShownAt(sidecar.results, 99)->frameIndex, std::int64_t{2});
  }

  void lineCutOffByACrashIsSkipped() {
    writeThreeResults();
    std::string text = test::readText(file());
    text.resize(text.size() - 8);
    test::writeText(file(), text);
    const SidecarFile sidecar = SidecarFile::load(file());
    QCOMPARE(sidecar.results.size(), std::size_t{2});
    QVERIFY2(QString::fromStdString(sidecar.damage).contains("skipped 1 line(s), the first at line 4"), sidecar.damage.c_str());
  }

  // One bad line costs that line only: the results after it still replay.
  void damagedLinesAreSkippedAndTheRestLoads() {
    writeThreeResults();
    std::string text = test::readText(file());
    text.replace(text.find("{\"frame\":1"), 3, "#!?");
    test::writeText(file(), text);
    const SidecarFile sidecar = SidecarFile::load(file());
    QCOMPARE(sidecar.results.size(), std::size_t{2});
    QCOMPARE(sidecar.results[1].frameIndex, std::int64_t{2});
    QVERIFY2(QString::fromStdString(sidecar.damage).contains("line 3: not JSON"), sidecar.damage.c_str());
  }

  void fieldsOfTheWrongTypeOrRangeAreNamed_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("problem");
    QTest::newRow("frame as text") << R"({"frame":"12","pts_ns":0})" << "frame: must be a whole number";
    QTest::newRow("negative frame") << R"({"frame":-4,"pts_ns":0})" << "frame: must be a whole number from 0";
    QTest::newRow("huge pts") << R"({"frame":7,"pts_ns":9223372036854775807})" << "pts_ns: must be a whole number";
    QTest::newRow("box of three") << R"({"frame":7,"pts_ns":0,"shown_box":[1,2,3]})" << "shown_box: must have 4 entries";
    QTest::newRow("box far away") << R"({"frame":7,"pts_ns":0,"box":[1e300,2,3,4]})" << "box[0]: must be a number";
    QTest::newRow("negative width") << R"({"frame":7,"pts_ns":0,"cyst_region":[1,2,-3,4]})" << "cyst_region: must have a width";
    QTest::newRow("probability above one") << R"({"frame":7,"pts_ns":0,"cyst_type":{"probabilities":{"MCN":1.5}}})"
                                           << "cyst_type.probabilities.MCN: must be a number from 0 to 1";
    QTest::newRow("unknown light") << R"({"frame":7,"pts_ns":0,"warning":{"light":"blue"}})" << "warning.light: must be off";
    QTest::newRow("badge as number") << R"({"frame":7,"pts_ns":0,"cyst_badge":3})" << "cyst_badge: must be text";
    QTest::newRow("models not a list") << R"({"frame":7,"pts_ns":0,"models":{"name":"x"}})" << "models: must be a list";
    QTest::newRow("negative signal gap") << R"({"frame":7,"pts_ns":0,"signal_gap_ns":-1})" << "signal_gap_ns: must be a whole number";
    QTest::newRow("signal gap as text") << R"({"frame":7,"pts_ns":0,"signal_gap_ns":"4s"})" << "signal_gap_ns: must be a whole number";
    QTest::newRow("unknown invalid head") << R"({"frame":7,"pts_ns":0,"invalid":["x"]})" << "invalid: unknown task";
    QTest::newRow("heads not a list") << R"({"frame":7,"pts_ns":0,"heads":{"id":"a"}})" << "heads: must be a list";
    QTest::newRow("head without a kind") << R"({"frame":7,"pts_ns":0,"heads":[{"id":"a","readout":"heatmap_box"}]})"
                                         << "heads[0].kind:";
    QTest::newRow("head box of three")
        << R"({"frame":7,"pts_ns":0,"heads":[{"id":"a","kind":"soft_mask_localiser","readout":"heatmap_box","ran":true,)"
           R"("model":{"name":"m","version":"1","sha256":"ab"},"box":[1,2,3]}]})"
        << "heads[0].box: must have 4 entries";
    QTest::newRow("not an object") << R"([1,2,3])" << "the document: must be a JSON object";
    QTest::newRow("a line of two megabytes") << QString(R"({"frame":7,"pts_ns":0,"device":")") + QString(2 << 20, 'x') + "\"}"
                                             << "the line is too long";
    QTest::newRow("frame going back") << R"({"frame":1,"pts_ns":0})" << "frame: 1 is before";
  }

  void fieldsOfTheWrongTypeOrRangeAreNamed() {
    QFETCH(QString, line);
    QFETCH(QString, problem);
    writeThreeResults();
    // The bad line comes after frame 2; a good frame after it still loads.
    test::writeText(file(), test::readText(file()) + line.toStdString() + "\n{\"frame\":9,\"pts_ns\":360000000}\n");
    const SidecarFile sidecar = SidecarFile::load(file());
    QCOMPARE(sidecar.results.size(), std::size_t{4});
    QCOMPARE(sidecar.results.back().frameIndex, std::int64_t{9});
    QVERIFY2(QString::fromStdString(sidecar.damage).contains("line 5: " + problem), sidecar.damage.c_str());
  }

  void missingOrForeignFileIsAnError() {
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, SidecarFile::load(file()));
    test::writeText(file(), "{\"schema\":\"someone-else/1\"}\n");
    try {
      SidecarFile::load(file());
      QFAIL("a foreign file loaded");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains("no readable header (line 1: schema: must be endoverlay.sidecar/2 or endoverlay.sidecar/1)"), e.what());
    }
  }

  void headerOfTheWrongTypeOrPointingElsewhereIsRefused_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("mode as number") << "mode" << "3" << "mode: must be text";
    QTest::newRow("video elsewhere") << "video" << R"("../../etc/passwd")" << "video: must be a file name";
    QTest::newRow("procedure id with a slash") << "procedure_id" << R"("a/b")" << "procedure_id: a procedure ID is";
    QTest::newRow("unknown source") << "source" << R"("rtsp")" << "source: must be file";
    QTest::newRow("control characters") << "started_utc" << "\"2026\\u001b[31m\"" << "started_utc: holds control characters";
  }

  void headerOfTheWrongTypeOrPointingElsewhereIsRefused() {
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    writeThreeResults();
    std::string text = test::readText(file());
    const std::string header = text.substr(0, text.find('\n'));
    nlohmann::json json = nlohmann::json::parse(header);
    json[field.toStdString()] = nlohmann::json::parse(value.toStdString());
    test::writeText(file(), json.dump() + text.substr(header.size()));
    try {
      SidecarFile::load(file());
      QFAIL("a damaged header loaded");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains(problem), e.what());
    }
  }

  // A full disk is covered by recording_test, on a tmpfs of its own.
  void anExistingFileIsNeverOverwritten() {
    writeThreeResults();
    const std::string before = test::readText(file());
    try {
      SidecarWriter writer(file(), header());
      QFAIL("a second writer opened an existing sidecar");
    } catch (const fs::filesystem_error& e) {
      QVERIFY(e.code() == std::errc::file_exists);
    }
    QCOMPARE(test::readText(file()), before);
  }

  void movedFileIsNoLongerInPlace() {
    fs::remove(file());
    SidecarWriter writer(file(), header());
    QVERIFY(writer.stillInPlace());
    fs::rename(file(), file().string() + ".moved");
    QVERIFY(!writer.stillInPlace());
  }
};

QTEST_APPLESS_MAIN(SidecarFileTest)
#include "SidecarFileTest.moc"
