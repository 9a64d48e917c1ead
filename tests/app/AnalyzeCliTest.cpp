#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/DemoClip.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

namespace {

struct Run {
  int exitCode = -1;
  QString out;
  QString err;
};

Run cli(const QStringList& args) {
  QProcess process;
  process.start(QStringLiteral(ENDOVERLAY_CLI), args);
  if (!process.waitForFinished(240'000)) process.kill();
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QString path(const fs::path& p) { return QString::fromStdString(p.string()); }

}  // namespace

class AnalyzeCliTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return scratch_.path().toStdString(); }

 private Q_SLOTS:
  void analyzeFindsThePapillaAgainstGroundTruth() {
    const fs::path results = dir() / "ercp.jsonl";
    const Run run = cli({"analyze", path(test::ercpDemoClip()), "--out", path(results)});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    const auto truth = test::loadTruth(test::ercpDemoTruth());
    const auto card = nlohmann::json::parse(test::readText(test::bundledModels() / "ercp-ampulla-demo.json"));
    std::ifstream in(results);
    std::vector<nlohmann::json> lines;
    for (std::string text; std::getline(in, text);) lines.push_back(nlohmann::json::parse(text));
    QCOMPARE(lines.size(), truth.size());

    double iouSum = 0;
    int framesWithPapilla = 0;
    std::int64_t lastPts = -1;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& line = lines[i];
      QCOMPARE(line.at("frame").get<std::int64_t>(), static_cast<std::int64_t>(i));
      QVERIFY(line.at("pts_ns").get<std::int64_t>() > lastPts);
      lastPts = line.at("pts_ns").get<std::int64_t>();
      QCOMPARE(line.at("model").at("sha256"), card.at("sha256"));
      QCOMPARE(line.at("model").at("name"), card.at("name"));
      QVERIFY(line.at("timings_ms").at("inference").get<double>() > 0);
      if (!truth[i].box) continue;
      ++framesWithPapilla;
      const bool shown = line.at("box").is_array() && line.at("score").get<double>() >= 0.5;
      if (!shown) continue;
      const auto& b = line.at("box");
      iouSum += test::intersectionOverUnion({b[0], b[1], b[2], b[3]}, *truth[i].box);
      QCOMPARE(line.at("centroid")[0].get<double>(), b[0].get<double>() + b[2].get<double>() / 2);
    }
    const double meanIou = iouSum / framesWithPapilla;
    qInfo("mean IoU %.3f over %d frames with a papilla", meanIou, framesWithPapilla);
    QVERIFY2(meanIou >= 0.6, qPrintable(QStringLiteral("mean IoU %1").arg(meanIou)));
  }

  void missingVideoFailsClearly() {
    const Run run = cli({"analyze", "/no/such/clip.mp4", "--out", path(dir() / "x.jsonl")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("/no/such/clip.mp4 does not exist"), qPrintable(run.err));
  }

  void fullDiskFailsClearly() {
    const Run run = cli({"analyze", path(test::ercpDemoClip()), "--out", "/dev/full"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("disk full"), qPrintable(run.err));
  }

  void tamperedModelIsRefused() {
    const fs::path models = dir() / "tampered";
    test::copyBundledModels(models);
    std::ofstream(models / "ercp-ampulla-demo.pt", std::ios::app) << "x";
    const Run run = cli({"analyze", path(test::ercpDemoClip()), "--out", path(dir() / "y.jsonl"), "--models", path(models)});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("refused") && run.err.contains("SHA-256"), qPrintable(run.err));
  }

  void badArgumentsShowUsage() {
    const Run run = cli({"analyze", path(test::ercpDemoClip())});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--out"));
    QVERIFY(run.err.contains("usage:"));
  }

  void versionAndSelfTest() {
    const Run version = cli({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("endoverlay-cli "));
    const Run selfTest = cli({"--self-test"});
    QVERIFY2(selfTest.exitCode == 0, qPrintable(selfTest.err));
    QCOMPARE(selfTest.out.count(QStringLiteral("ok  ")), 3);
    QVERIFY(selfTest.out.contains("self-test passed"));
  }
};

QTEST_GUILESS_MAIN(AnalyzeCliTest)
#include "AnalyzeCliTest.moc"
