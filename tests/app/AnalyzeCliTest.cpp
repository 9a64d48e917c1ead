#include <QtTest>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/evaluation/GroundTruth.h"
#include "core/evaluation/LocalisationMetrics.h"
#include "core/recording/ResultJson.h"
#include "support/CliRun.h"
#include "support/DicomSeries.h"
#include "support/ResultHeads.h"
#include "support/TestFiles.h"

using namespace endoverlay;
using test::headOf;
namespace fs = std::filesystem;

class AnalyzeCliTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return scratch_.path().toStdString(); }

  std::vector<nlohmann::json> analyze(const QStringList& options, const fs::path& video) {
    const fs::path results = dir() / (video.stem().string() + ".jsonl");
    const test::CliRun run = test::runCli(QStringList{"analyze", test::qPath(video), "--out", test::qPath(results)} + options);
    if (run.exitCode != 0) qWarning("%s", qPrintable(run.err));
    std::ifstream in(results);
    std::vector<nlohmann::json> lines;
    for (std::string text; run.exitCode == 0 && std::getline(in, text);) lines.push_back(nlohmann::json::parse(text));
    return lines;
  }

 private Q_SLOTS:
  void ercpFindsThePapillaAgainstGroundTruth() {
    const auto lines = analyze({}, test::ercpDemoClip());
    const auto truth = loadTruthLines(test::ercpDemoTruth());
    const auto ampullaCard = nlohmann::json::parse(test::readText(test::bundledModels() / "ercp-ampulla-demo.json"));
    const auto difficultyCard = nlohmann::json::parse(test::readText(test::bundledModels() / "ercp-difficulty-demo.json"));
    QCOMPARE(lines.size(), truth.size());

    double iouSum = 0;
    int framesWithPapilla = 0;
    std::int64_t lastPts = -1;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& line = lines[i];
      QCOMPARE(line.at("frame").get<std::int64_t>(), static_cast<std::int64_t>(i));
      QCOMPARE(line.at("mode"), "ercp");
      QVERIFY(line.at("pts_ns").get<std::int64_t>() > lastPts);
      lastPts = line.at("pts_ns").get<std::int64_t>();
      QVERIFY(line.at("timings_ms").at("inference").get<double>() > 0);
      const InferenceResult r = resultFromJson(line);
      const HeadOutput& ampulla = headOf(r, "ampulla");
      QCOMPARE(ampulla.model.sha256, ampullaCard.at("sha256").get<std::string>());
      const bool shown = line.at("heads")[0].at("shown").get<bool>();
      // The difficulty head runs on the square around a shown ampulla, and only then.
      const HeadOutput& difficulty = headOf(r, "difficulty");
      QCOMPARE(difficulty.ran, shown);
      QCOMPARE(difficulty.probabilities.has_value(), shown);
      QCOMPARE(difficulty.model.sha256, difficultyCard.at("sha256").get<std::string>());
      if (shown) {
        QCOMPARE(r.models().size(), std::size_t{2});
        double sum = 0;
        for (const double p : difficulty.probabilities->values) sum += p;
        QVERIFY(std::abs(sum - 1.0) < 1e-4);
        QVERIFY(std::abs(*difficulty.groupProbability - (1.0 - difficulty.probabilities->of("easy"))) < 1e-4);
      }
      if (!truth[i].box) continue;
      ++framesWithPapilla;
      if (!shown) continue;
      const Detection& d = *ampulla.detection;
      iouSum += intersectionOverUnion(d.box, *truth[i].box);
      QCOMPARE(d.centroidX, d.box.x + d.box.width / 2);
    }
    const double meanIou = iouSum / framesWithPapilla;
    qInfo("mean IoU %.3f over %d frames with a papilla", meanIou, framesWithPapilla);
    QVERIFY2(meanIou >= 0.6, qPrintable(QStringLiteral("mean IoU %1").arg(meanIou)));

    // The traffic light is off before the papilla comes into view and lit, without flicker, while it is in view.
    const auto light = [&](std::size_t i) { return lines.at(i).at("heads")[1].at("light"); };
    QCOMPARE(light(60), "off");
    int changes = 0;
    for (std::size_t i = 200; i < 480; ++i) {
      QVERIFY(light(i) != "off");
      changes += light(i) != light(i - 1);
    }
    QVERIFY2(changes <= 3, qPrintable(QStringLiteral("%1 light changes while the papilla is in view").arg(changes)));
  }

  void eusTellsTheCystTypes() {
    const auto lines = analyze({"--mode", "eus"}, test::resources() / "clips" / "eus_demo.mp4");
    const auto truth = loadTruthLines(test::resources() / "clips" / "eus_demo.truth.jsonl");
    QCOMPARE(lines.size(), truth.size());
    int right = 0, withLesion = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      QCOMPARE(lines[i].at("mode"), "eus");
      QCOMPARE(lines[i].at("heads").size(), std::size_t{1});
      if (!truth[i].label) continue;
      ++withLesion;
      right += lines[i].at("heads")[0].at("top") == *truth[i].label;
    }
    QVERIFY2(right >= 0.9 * withLesion, qPrintable(QStringLiteral("%1 of %2 right").arg(right).arg(withLesion)));
    // The clip sweeps an MCN (to 12.5 s), then an SCN: once settled, the
    // badge holds through each sweep, camera motion and speckle included.
    for (std::size_t i = 100; i < 360; ++i) QCOMPARE(lines[i].at("heads")[0].at("badge"), "MCN");
    for (std::size_t i = 420; i < 570; ++i) QCOMPARE(lines[i].at("heads")[0].at("badge"), "SCN");
  }

  void eusRegionIsUsedAndRecorded() {
    const fs::path latency = dir() / "latency.json";
    const auto lines = analyze({"--mode", "eus", "--region", "300,120,300,260", "--latency", test::qPath(latency)},
                               test::resources() / "clips" / "eus_demo.mp4");
    QCOMPARE(lines.at(100).at("heads")[0].at("region"), nlohmann::json({300.0, 120.0, 300.0, 260.0}));
    QCOMPARE(lines.at(100).at("heads")[0].at("top"), "MCN");

    // Per-stage latencies of the run: every frame counted, percentiles in order, each stage within the whole.
    const auto stages = nlohmann::json::parse(test::readText(latency));
    for (const char* stage : {"queued", "preprocess", "inference", "postprocess", "ready"}) {
      const auto& s = stages.at(stage);
      QCOMPARE(s.at("count").get<int>(), 625);
      QVERIFY(s.at("min") <= s.at("p50") && s.at("p50") <= s.at("p99") && s.at("p99") <= s.at("p99_9") &&
              s.at("p99_9") <= s.at("max"));
    }
    QVERIFY(stages.at("inference").at("mean") < stages.at("ready").at("mean"));
  }

  // CEUS, as MP4 and as the DICOM cine beside it: timed from the injection given, the phases in order, the
  // lesion read only from the pancreatic phase on, and read right; the regions' brightness rises with the bolus.
  void ceusIsTimedFromTheInjectionAndReadFromThePancreaticPhase() {
    const QStringList options = {"--mode", "ceus", "--region", "70,130,190,160", "--reference-region", "40,300,70,50",
                                 "--injection-at", "2"};
    for (const char* name : {"ceus_pdac_demo.mp4", "ceus_pdac_demo.dcm", "ceus_cp_demo.mp4"}) {
      const fs::path clip = test::resources() / "clips" / name;
      const auto description = nlohmann::json::parse(test::readText(fs::path(clip).replace_extension(".json")));
      const bool dicom = clip.extension() == ".dcm";
      const auto lines = analyze(options, clip);
      QCOMPARE(lines.size(), description.at(dicom ? "dicom_frames" : "frames").get<std::size_t>());
      std::string phase = "";
      double darkest = 255, brightest = 0;
      std::size_t read = 0, right = 0;
      const std::string label = description.at("lesion").at("type");
      for (const auto& line : lines) {
        const double seconds = line.at("pts_ns").get<double>() / 1e9;
        const auto& contrast = line.at("contrast");
        const auto& head = line.at("heads")[0];
        if (seconds < 1.99) QVERIFY(contrast.at("phase").is_null() && contrast.at("injection_pts_ns").is_null());
        const std::string now = contrast.at("phase").is_null() ? "" : contrast.at("phase").get<std::string>();
        if (now != phase) {  // each phase once, in order, at its time
          const double since = seconds - 2.0;
          QVERIFY2((phase.empty() && now == "vascular" && since < 0.2) || (phase == "vascular" && now == "pancreatic" && std::abs(since - 30) < 0.2),
                   qPrintable(QStringLiteral("%1 -> %2 at %3 s").arg(phase.c_str(), now.c_str()).arg(seconds)));
          phase = now;
        }
        QCOMPARE(head.at("ran").get<bool>(), phase == "pancreatic");
        QCOMPARE(contrast.at("region"), nlohmann::json({390.0, 130.0, 190.0, 160.0}));
        QCOMPARE(contrast.at("reference"), nlohmann::json({360.0, 300.0, 70.0, 50.0}));
        const double mean = contrast.at("region_mean");
        darkest = std::min(darkest, mean);
        brightest = std::max(brightest, mean);
        if (seconds > 38 && !head.at("badge").is_null()) {
          ++read;
          right += head.at("badge") == label;
        }
      }
      QCOMPARE(phase, std::string("pancreatic"));
      QVERIFY2(brightest > darkest + 40, qPrintable(QStringLiteral("%1: %2 to %3").arg(name).arg(darkest).arg(brightest)));
      QVERIFY2(read > 0.9 * lines.size() * 20 / 60 && right == read,
               qPrintable(QStringLiteral("%1: %2 of %3 read %4").arg(name).arg(right).arg(read).arg(label.c_str())));
    }
    // A mode without a contrast clock has no injection to time.
    const test::CliRun run = test::runCli({"analyze", test::qPath(test::ercpDemoClip()), "--out", test::qPath(dir() / "z.jsonl"),
                                           "--mode", "eus", "--injection-at", "2"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("--injection-at: mode eus has no contrast clock"), qPrintable(run.err));
  }

  // docs/protocols.md's worked example: a protocol of the ampulla alone, with no C++ of its own.
  void siteProtocolFromTheDocsRunsItsHeadsOnly() {
    const std::string docs = test::readText(fs::path(ENDOVERLAY_TEST_DOCS) / "protocols.md");
    const std::size_t marker = docs.find("<!-- example: papilla.json");
    QVERIFY2(marker != std::string::npos, "docs/protocols.md lost its worked example");
    const std::size_t start = docs.find("```json\n", marker) + 8;
    const fs::path folder = fs::path(scratch_.path().toStdString()) / "site-protocols";
    fs::create_directories(folder);
    test::writeText(folder / "papilla.json", docs.substr(start, docs.find("```", start) - start));

    const auto lines = analyze({"--protocols", test::qPath(folder), "--mode", "papilla"}, test::ercpDemoClip());
    // The same papilla, frame by frame, as ERCP mode finds (tests/golden), without the difficulty fields.
    std::ifstream golden(fs::path(ENDOVERLAY_TEST_FIXTURES).parent_path() / "golden" / "ercp_demo.analyze.jsonl");
    std::size_t i = 0;
    for (std::string text; std::getline(golden, text); ++i) {
      QVERIFY(i < lines.size());
      const auto ercp = nlohmann::json::parse(text).at("heads").at(0);
      const auto& line = lines[i];
      QCOMPARE(line.at("mode"), "papilla");
      QCOMPARE(line.at("heads").size(), std::size_t{1});
      const auto& papilla = line.at("heads")[0];
      QCOMPARE(papilla.at("id"), "papilla");
      QVERIFY(std::abs(papilla.at("score").get<double>() - ercp.at("score").get<double>()) < 1e-6);
      QCOMPARE(papilla.at("shown"), ercp.at("shown"));
      QCOMPARE(papilla.at("shown_box").is_null(), ercp.at("shown_box").is_null());
    }
    QCOMPARE(lines.size(), std::size_t{625});

    test::writeText(folder / "broken.json", R"({"schema": "endoverlay.protocol/1", "id": "broken", "name": "Broken",
        "heads": [{"id": "a", "card": {"task": "cyst_type"}, "input": {"around": "b"}, "readout": "class_badge"}]})");
    const test::CliRun broken = test::runCli({"analyze", test::qPath(test::ercpDemoClip()), "--protocols", test::qPath(folder),
                                              "--mode", "papilla", "--out", test::qPath(folder / "x.jsonl")});
    QCOMPARE(broken.exitCode, 2);
    QVERIFY2(broken.err.contains("broken.json: heads[0].input.around: 'b' is not a head listed before this one"),
             qPrintable(broken.err));
  }

  void settingsReachTheWarnings() {
    // A badge that must wait ten minutes never shows on a 25 s clip.
    const fs::path settings = dir() / "slow-badge.json";
    test::writeText(settings, R"({"cyst_type": {"show_delay_ms": 600000}})");
    const auto lines = analyze({"--mode", "eus", "--settings", test::qPath(settings)}, test::resources() / "clips" / "eus_demo.mp4");
    QCOMPARE(lines.size(), std::size_t{625});
    for (const auto& line : lines) QVERIFY(line.at("heads")[0].at("badge").is_null());
    const test::CliRun bad = test::runCli({"analyze", test::qPath(test::ercpDemoClip()), "--out", test::qPath(dir() / "z.jsonl"), "--settings", "/no/such.json"});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains("settings /no/such.json cannot be read"), qPrintable(bad.err));
  }

  void benchTimesTheStageAndComparesWithPyTorchEager() {
    const fs::path report = dir() / "bench.json";
    const test::CliRun run = test::runCli({"bench", test::qPath(test::ercpDemoClip()), "--frames", "12", "--rounds", "2",
                                           "--compare-eager", "--json", test::qPath(report)});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY(run.out.contains("throughput"));
    QVERIFY(run.out.contains("C++ engine ÷ PyTorch eager"));
    const auto json = nlohmann::json::parse(test::readText(report));
    QCOMPARE(json.at("frames").get<int>(), 12);
    QCOMPARE(json.at("latency_ms").at("inference").at("count").get<int>(), 24);
    const auto& rounds = json.at("eager_rounds");
    QCOMPARE(rounds.size(), std::size_t{2});
    std::vector<double> ratios;
    for (const auto& round : rounds) {
      QCOMPARE(round.at("pytorch_eager").at("frames").get<int>(), 12);
      QCOMPARE(round.at("pytorch_eager").at("threads"), json.at("threads"));
      ratios.push_back(round.at("cpp_over_eager_inference").get<double>());
      QVERIFY(ratios.back() > 0);
    }
    QCOMPARE(json.at("cpp_over_eager_inference").get<double>(), (ratios[0] + ratios[1]) / 2);
  }

  // The eager run is a child process with an argument vector: shell characters in a file name stay characters.
  void benchRunsNoCommandFromAFileName() {
    const fs::path folder = dir() / "hostile";
    fs::create_directories(folder);
    const fs::path clip = folder / "clip'; touch PWNED; echo '$(touch PWNED2).mp4";
    fs::copy_file(test::ercpDemoClip(), clip);
    const fs::path report = folder / "bench.json";
    const QString current = QDir::currentPath();
    QDir::setCurrent(test::qPath(folder));
    const test::CliRun run = test::runCli({"bench", test::qPath(clip), "--frames", "6", "--rounds", "1", "--compare-eager",
                                           "--json", test::qPath(report)});
    QDir::setCurrent(current);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY(!fs::exists(folder / "PWNED") && !fs::exists(folder / "PWNED2"));
    QVERIFY(!fs::exists(test::resources().parent_path() / "training" / "PWNED"));
    // Nor does the file name reach the report or the output.
    QCOMPARE(nlohmann::json::parse(test::readText(report)).at("video").get<std::string>(), std::string("file (mp4)"));
    QVERIFY2(!run.out.contains("PWNED") && !run.err.contains("PWNED"), qPrintable(run.out + run.err));
  }

  void sourceNamesAreShownOnlyWhenAskedFor() {
    const fs::path clip = dir() / "Doe_Jane_1970-01-01.mp4";
    fs::copy_file(test::ercpDemoClip(), clip, fs::copy_options::overwrite_existing);
    const fs::path log = fs::path(qEnvironmentVariable("XDG_STATE_HOME").toStdString()) / "endoverlay" / "endoverlay.log";
    const auto mentions = [&] {
      const QString text = fs::exists(log) ? QString::fromStdString(test::readText(log)) : QString();
      return text.count(QStringLiteral("Doe_Jane"));
    };
    const qsizetype before = mentions();
    const test::CliRun quiet = test::runCli({"analyze", test::qPath(clip), "--out", test::qPath(dir() / "q.jsonl")});
    QCOMPARE(quiet.exitCode, 0);
    QVERIFY2(!quiet.err.contains("Doe_Jane") && quiet.err.contains("frames of the file (mp4)"), qPrintable(quiet.err));
    QCOMPARE(mentions(), before);
    QVERIFY(test::readText(dir() / "q.jsonl").find("Doe_Jane") == std::string::npos);
    const test::CliRun shown = test::runCli({"analyze", test::qPath(clip), "--out", test::qPath(dir() / "s.jsonl"),
                                             "--show-source-names"});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY2(shown.err.contains("Doe_Jane_1970-01-01.mp4"), qPrintable(shown.err));
  }

  // A four-phase CT study read slice by slice: each phase's head on the region dragged once, and nothing of
  // the patient in its tags, nor of its files' names, in what is written or said.
  void aRenalCtStudyIsReadPhaseByPhaseAndSaysNothingOfThePatient() {
    const fs::path series = test::dicomSeriesFolder();
    const auto& manifest = test::dicomSeriesManifest();
    const fs::path results = dir() / "renal.jsonl";
    const test::CliRun run = test::runCli({"analyze", test::qPath(series / "ct-study"), "--mode", "ct-renal-mass",
                                           "--region", "150,120,50,50", "--out", test::qPath(results)});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const std::string written = test::readText(results);
    std::vector<nlohmann::json> lines;
    std::istringstream in(written);
    for (std::string text; std::getline(in, text);) lines.push_back(nlohmann::json::parse(text));
    QCOMPARE(lines.size(), manifest.at("ct_study").at("slices").get<std::size_t>());
    for (const auto& line : lines) {
      QCOMPARE(line.at("mode").get<std::string>(), std::string("ct-renal-mass"));
      QCOMPARE(line.at("heads").size(), std::size_t{4});
      for (const auto& head : line.at("heads")) {
        QCOMPARE(head.at("region"), nlohmann::json::parse("[150.0, 120.0, 50.0, 50.0]"));
        QVERIFY(head.at("badge") == "malignant" || head.at("badge") == "benign");
      }
    }
    for (const auto& identifier : manifest.at("identifiers")) {
      const std::string text = identifier.get<std::string>();
      QVERIFY2(written.find(text) == std::string::npos && run.err.toStdString().find(text) == std::string::npos,
               text.c_str());
    }
    QVERIFY(!run.err.contains("ct-study") && written.find("ct-study") == std::string::npos);
  }

  void aStudyOfAnotherKindIsRefusedSayingWhatTheModeReads() {
    const fs::path series = test::dicomSeriesFolder();
    const test::CliRun noRegion = test::runCli({"analyze", test::qPath(series / "ct-study"), "--mode", "ct-renal-mass",
                                                "--out", test::qPath(dir() / "refused.jsonl")});
    QVERIFY(noRegion.exitCode != 0);
    QVERIFY2(noRegion.err.contains("mode ct-renal-mass reads the region around the finding, as its models were trained: "
                                   "give --region X,Y,W,H in slice pixels"),
             qPrintable(noRegion.err));
    const test::CliRun mr = test::runCli({"analyze", test::qPath(series / "mr-study"), "--mode", "ct-renal-mass",
                                          "--region", "10,10,40,40", "--out", test::qPath(dir() / "refused.jsonl")});
    QVERIFY(mr.exitCode != 0);
    QVERIFY2(mr.err.contains("mode ct-renal-mass reads a CT study, a folder of DICOM slices; this one holds no CT series"),
             qPrintable(mr.err));
    const test::CliRun video = test::runCli({"analyze", test::qPath(test::ercpDemoClip()), "--mode", "mri-cirrhosis",
                                             "--out", test::qPath(dir() / "refused.jsonl")});
    QVERIFY(video.exitCode != 0);
    QVERIFY2(video.err.contains("mode mri-cirrhosis reads an MR study"), qPrintable(video.err));
  }

  void missingVideoFailsClearly() {
    const test::CliRun run = test::runCli({"analyze", "/no/such/clip.mp4", "--out", test::qPath(dir() / "x.jsonl")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("/no/such/clip.mp4 does not exist"), qPrintable(run.err));
  }

  void fullDiskFailsClearly() {
    const test::CliRun run = test::runCli({"analyze", test::qPath(test::ercpDemoClip()), "--out", "/dev/full"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("disk full"), qPrintable(run.err));
  }

  void tamperedModelIsRefused() {
    const fs::path models = dir() / "tampered";
    test::copyBundledModels(models);
    std::ofstream(models / "ercp-ampulla-demo.pt", std::ios::app) << "x";
    const test::CliRun run = test::runCli({"analyze", test::qPath(test::ercpDemoClip()), "--out", test::qPath(dir() / "y.jsonl"), "--models", test::qPath(models)});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("refused") && run.err.contains("SHA-256"), qPrintable(run.err));
  }

  void badArgumentsShowUsage() {
    const test::CliRun run = test::runCli({"analyze", test::qPath(test::ercpDemoClip())});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--out"));
    QVERIFY(run.err.contains("Usage: analyze"));
  }

  void versionAndSelfTest() {
    const test::CliRun version = test::runCli({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("endoverlay-cli "));
    const test::CliRun selfTest = test::runCli({"--self-test"});
    QVERIFY2(selfTest.exitCode == 0, qPrintable(selfTest.err));
    QCOMPARE(selfTest.out.count(QStringLiteral("ok  ")), static_cast<int>(test::bundledModelCount()));
    QVERIFY(selfTest.out.contains("self-test passed"));
  }
};

QTEST_GUILESS_MAIN(AnalyzeCliTest)
#include "AnalyzeCliTest.moc"
