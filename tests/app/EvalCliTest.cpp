#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/evaluation/GroundTruth.h"
#include "pipeline/OfflinePlayback.h"
#include "support/CliRun.h"
#include "support/DicomSeries.h"
#include "support/DicomTestFiles.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;
using test::qPath;

// endoverlay-cli eval on the two kinds of data set, and on sets that do not add up.
// That its numbers agree with the training code's evaluation is checked by check-eval-agrees.
class EvalCliTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return scratch_.path().toStdString(); }
  fs::path imageSet() const { return dir() / "ercp-set"; }

  // Three frames of the ERCP demo clip with the papilla and two without, as PNG files with their truth.
  void writeImageSet() {
    const std::vector<std::int64_t> picked = {20, 300, 320, 400, 610};
    const auto truth = loadTruthLines(test::ercpDemoTruth());
    fs::create_directories(imageSet());
    nlohmann::json frames = nlohmann::json::array();
    playEveryFrame(SourceSpec::parse(test::ercpDemoClip().string()), Picture::ForHeads, [&](Frame frame) {
      if (std::find(picked.begin(), picked.end(), frame.index) == picked.end()) return Playback::Continue;
      cv::Mat bgr;
      cv::cvtColor(frame.bgrx, bgr, cv::COLOR_BGRA2BGR);
      const std::string name = "frame" + std::to_string(frame.index) + ".png";
      cv::imwrite((imageSet() / name).string(), bgr);
      const FrameTruth& t = truth.at(static_cast<std::size_t>(frame.index));
      frames.push_back({{"image", name},
                        {"box", t.box ? nlohmann::json{t.box->x, t.box->y, t.box->width, t.box->height} : nullptr},
                        {"label", t.label ? nlohmann::json(*t.label) : nullptr}});
      return frame.index < picked.back() ? Playback::Continue : Playback::Stop;
    });
    writeManifest(imageSet(), frames);
  }

  static void writeManifest(const fs::path& set, const nlohmann::json& frames) {
    test::writeText(set / "dataset.json",
                    nlohmann::json{{"schema", "endoverlay.eval-set/1"}, {"mode", "ERCP"}, {"frames", frames}}.dump(1));
  }

  // A copy of the image set whose manifest is changed by `edit`.
  fs::path brokenCopy(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
    const fs::path copy = dir() / name;
    fs::copy(imageSet(), copy, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    auto manifest = nlohmann::json::parse(test::readText(copy / "dataset.json"));
    edit(manifest);
    test::writeText(copy / "dataset.json", manifest.dump(1));
    return copy;
  }

  static void expectFailure(const QStringList& args, const QString& message) {
    const test::CliRun run = test::runCli(args);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(scratch_.isValid());
    writeImageSet();
  }

  void imageSetGivesJsonAndCsv() {
    const fs::path json = dir() / "report.json";
    const fs::path csv = dir() / "report.csv";
    const test::CliRun run =
        test::runCli({"eval", qPath(imageSet()), "--json", qPath(json), "--csv", qPath(csv), "--resamples", "200"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.contains("ERCP mode"));
    QVERIFY(run.out.contains("mIoU"));
    const auto report = nlohmann::json::parse(test::readText(json));
    QCOMPARE(report.at("frames").get<int>(), 5);
    QCOMPARE(report.at("resamples").get<int>(), 200);
    QCOMPARE(report.at("models").size(), std::size_t{2});
    const auto& ampulla = report.at("ampulla");
    QCOMPARE(ampulla.at("frames").get<int>(), 3);
    QCOMPARE(ampulla.at("frames_without_papilla").get<int>(), 2);
    QVERIFY2(ampulla.at("mIoU").get<double>() > 0.7, qPrintable(QString::fromStdString(ampulla.dump())));
    QCOMPARE(ampulla.at("success_iou").size(), std::size_t{10});
    QCOMPARE(ampulla.at("success_centroid").size(), std::size_t{10});
    const auto& four = report.at("difficulty").at("four_class");
    QCOMPARE(four.at("samples").get<int>(), 3);
    QCOMPARE(four.at("per_class").at(0).at("support").get<int>(), 3);  // the demo papilla is an easy one
    QCOMPARE(four.at("confusion_matrix").size(), std::size_t{4});
    QVERIFY(four.at("auc").is_null());  // one class only: no AUC, and the report says so rather than guessing
    const QString table = QString::fromStdString(test::readText(csv));
    QVERIFY(table.startsWith("section,measure,key,value,ci95_low,ci95_high\n"));
    QVERIFY(table.contains("\nampulla,mIoU,,"));
    QVERIFY(table.contains("\nampulla,success_iou,0.3,"));
    QVERIFY(table.contains("\ndifficulty_binary,accuracy,,"));
    QVERIFY(table.contains("\ndifficulty_four_class,confusion,easy>failure,"));
  }

  void eusClipTakesItsModeFromTheDescription() {
    const fs::path json = dir() / "eus.json";
    const test::CliRun run = test::runCli(
        {"eval", qPath(test::resources() / "clips" / "eus_demo.mp4"), "--json", qPath(json), "--resamples", "100"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto report = nlohmann::json::parse(test::readText(json));
    QCOMPARE(report.at("mode"), "eus");
    QCOMPARE(report.at("frames").get<int>(), 625);
    QVERIFY(!report.contains("ampulla"));
    const auto& cyst = report.at("cyst_type");
    QCOMPARE(cyst.at("samples").get<int>(), 457);  // the frames with a lesion in view
    QCOMPARE(cyst.at("classes"), nlohmann::json({"MCN", "SCN"}));
    QVERIFY2(cyst.at("accuracy").get<double>() >= 0.9, qPrintable(QString::fromStdString(cyst.dump())));
    QVERIFY(cyst.at("ci95").at("accuracy").at(0) <= cyst.at("accuracy"));
  }

  // The first three seconds of the EUS clip as a JPEG DICOM cine, with their ground truth: scored like the clip.
  void aDicomCineIsEvaluatedLikeAClip() {
    const auto& cine = test::dicomTestFiles().named("eus_cine_jpeg");
    const fs::path json = dir() / "eus-dicom.json";
    const test::CliRun run = test::runCli({"eval", qPath(cine.path), "--json", qPath(json), "--resamples", "100"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto report = nlohmann::json::parse(test::readText(json));
    QCOMPARE(report.at("mode"), "eus");
    QCOMPARE(report.at("frames").get<int>(), cine.frames);
    const auto& cyst = report.at("cyst_type");
    QCOMPARE(cyst.at("samples").get<int>(), 38);  // the frames with the MCN in view
    QVERIFY2(cyst.at("accuracy").get<double>() >= 0.9, qPrintable(QString::fromStdString(cyst.dump())));
  }

  void missingOrBrokenSetsAreRefused() {
    expectFailure({"eval", "/no/such/set"}, "/no/such/set does not exist");
    fs::create_directories(dir() / "empty");
    expectFailure({"eval", qPath(dir() / "empty")}, "has no dataset.json");
    fs::create_directories(dir() / "garbled");
    test::writeText(dir() / "garbled" / "dataset.json", "{\"schema\": ");
    expectFailure({"eval", qPath(dir() / "garbled")}, "is not valid JSON");
    const fs::path foreign = brokenCopy("foreign", [](auto& m) { m["schema"] = "something/else"; });
    expectFailure({"eval", qPath(foreign)}, "dataset.json: schema: must be endoverlay.eval-set/1");
  }

  void aMissingImageIsNamed() {
    const fs::path set = brokenCopy("missing-image", [](auto& m) { m["frames"][2]["image"] = "gone.png"; });
    expectFailure({"eval", qPath(set)}, "cannot read the image " + qPath(set / "gone.png"));
  }

  void aLabelTheModelDoesNotKnowIsNamed() {
    const fs::path set = brokenCopy("odd-label", [](auto& m) {
      for (auto& f : m["frames"])
        if (!f["label"].is_null()) f["label"] = "tricky";
    });
    expectFailure({"eval", qPath(set)}, "label 'tricky' is not one of ercp-difficulty-demo's labels");
  }

  void aBadBoxIsNamed() {
    const fs::path set = brokenCopy("bad-box", [](auto& m) { m["frames"][1]["box"] = {1, 2}; });
    expectFailure({"eval", qPath(set)}, "dataset.json: frames[1].box: must have 4 entries");
  }

  // A set of DICOM studies: each entry's slice must be one its study has, and only a study protocol reads it.
  void aStudySetIsReadAtItsSlicesOnly() {
    const auto& ct = test::dicomSeriesManifest().at("ct_study");
    const fs::path set = dir() / "ct-set";
    fs::create_directories(set);
    fs::create_directory_symlink(test::dicomSeriesFolder() / "ct-study", set / "study");
    const auto box = ct.at("mass_box");
    const double z = ct.at("slice_z")[ct.at("mass_slice").get<std::size_t>()].get<double>();
    const auto writeSet = [&](double sliceMm, const char* mode) {
      const nlohmann::json frame = {{"study", "study"}, {"slice_mm", sliceMm}, {"box", nullptr}, {"label", "malignant"},
                                    {"region", {box[0].get<double>() - 10, box[1].get<double>() - 10, 45, 45}}};
      test::writeText(set / "dataset.json", nlohmann::json{{"schema", "endoverlay.eval-set/1"}, {"mode", mode},
                                                           {"frames", nlohmann::json::array({frame})}}.dump(1));
    };
    writeSet(z, "ct-renal-mass");
    const fs::path json = dir() / "ct-set.json";
    const test::CliRun run = test::runCli({"eval", qPath(set), "--json", qPath(json), "--resamples", "10"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto report = nlohmann::json::parse(test::readText(json));
    QCOMPARE(report.at("class_badge_heads").size(), std::size_t{4});
    QCOMPARE(report.at("corticomedullary").at("samples").get<int>(), 1);
    const double beyond = ct.at("slice_z").back().get<double>() + 10;  // past the study's last slice
    writeSet(beyond, "ct-renal-mass");
    expectFailure({"eval", qPath(set)}, "has no slice at " + QString::number(beyond, 'f', 1) + " mm, where the set reads it");
    writeSet(z, "eus");
    expectFailure({"eval", qPath(set)}, "the set holds DICOM studies, which protocol eus does not read");
    writeSet(z, "ct-renal-mass");
    auto manifest = nlohmann::json::parse(test::readText(set / "dataset.json"));
    manifest["frames"][0]["slice_mm"] = "12.5";
    test::writeText(set / "dataset.json", manifest.dump(1));
    expectFailure({"eval", qPath(set)}, "dataset.json: frames[0].slice_mm: must be a number");
    manifest["frames"][0]["slice_mm"] = z;
    manifest["frames"][0]["study"] = "../ct-set/study";
    test::writeText(set / "dataset.json", manifest.dump(1));
    expectFailure({"eval", qPath(set)}, "dataset.json: frames[0].study: must be a path inside the set's folder");
  }

  void aClipMustMatchItsTruth() {
    const fs::path clips = dir() / "clips";
    fs::create_directories(clips);
    fs::copy_file(test::ercpDemoClip(), clips / "short.mp4");
    expectFailure({"eval", qPath(clips / "short.mp4")}, "has no ground truth");
    const std::string all = test::readText(test::ercpDemoTruth());
    std::size_t end = 0;
    for (int i = 0; i < 10; ++i) end = all.find('\n', end) + 1;
    test::writeText(clips / "short.truth.jsonl", all.substr(0, end));
    expectFailure({"eval", qPath(clips / "short.mp4")}, "has more frames than its ground truth (10)");
  }

  void fullDiskFailsClearly() {
    expectFailure({"eval", qPath(imageSet()), "--resamples", "10", "--json", "/dev/full"}, "disk full");
  }

  void modeWithoutItsModelIsRefused() {
    const fs::path models = dir() / "ercp-only";
    test::copyBundledModels(models);
    fs::remove(models / "eus-cyst-demo.json");
    expectFailure({"eval", qPath(imageSet()), "--mode", "eus", "--models", qPath(models)},
                  "eus.json: heads[0].card: no model card for task cyst_type in the models folder");
  }
};

QTEST_GUILESS_MAIN(EvalCliTest)
#include "EvalCliTest.moc"
