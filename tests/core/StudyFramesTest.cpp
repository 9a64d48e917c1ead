#include <QtTest>
#include <QTemporaryDir>

#include <regex>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/analysis/FrameRegion.h"
#include "core/analysis/InferenceStage.h"
#include "core/dicom/DicomCine.h"
#include "core/dicom/DicomStudy.h"
#include "core/dicom/StudyFrames.h"
#include "core/model/ModelDirectory.h"
#include "core/protocol/ProtocolDirectory.h"
#include "core/support/SiteKey.h"
#include "support/DicomSeries.h"
#include "support/TestFiles.h"

using namespace endoverlay;

namespace {

const std::filesystem::path kFolder = test::dicomSeriesFolder();

const nlohmann::json& manifest() { return test::dicomSeriesManifest(); }

const StudyLayout& layoutOf(const std::string& protocol) {
  static const std::vector<Protocol> protocols = test::bundledProtocols();
  return *findProtocol(protocols, protocol).study;
}

// A series of `slices` axial slices of `size`, named `description`; its files are never read.
DicomSeries seriesOf(int number, const std::string& description, DicomModality modality = DicomModality::Ct,
                     int size = 256, int slices = 3) {
  std::vector<DicomSlice> files;
  for (int i = 0; i < slices; ++i)
    files.push_back({"unread", std::array<double, 3>{0, 0, 3.0 * i}, std::array<double, 6>{1, 0, 0, 0, 1, 0}, i + 1,
                     size, size});
  return DicomSeries(number, modality, std::move(files), std::nullopt, {1, 1}, description);
}

std::string refusal(const std::vector<DicomSeries>& series, const StudyLayout& layout) {
  try {
    StudyFrames frames(series, layout);
  } catch (const DicomError& error) {
    return error.what();
  }
  return "matched";
}

Box boxOf(const nlohmann::json& values) {
  return {values[0].get<double>(), values[1].get<double>(), values[2].get<double>(), values[3].get<double>()};
}

// The pixels inside a segmentation's outlines, at `size`.
cv::Mat filled(const Segmentation& segmentation, cv::Size size) {
  cv::Mat mask(size, CV_8U, cv::Scalar(0));
  std::vector<std::vector<cv::Point>> polygons;
  for (const auto& outline : segmentation.outlines) {
    polygons.emplace_back();
    for (const cv::Point2d& p : outline) polygons.back().emplace_back(cvRound(p.x), cvRound(p.y));
  }
  cv::fillPoly(mask, polygons, cv::Scalar(255));
  return mask;
}

}  // namespace

// A DICOM study read the way the CT and MRI protocols read it, and their heads on its slices.
class StudyFramesTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Scanners name phases in their own words; those the protocol knows are taken by word, the rest by order.
  void seriesAreMatchedByTheirWordsThenByOrder() {
    std::vector<DicomSeries> study;
    study.push_back(seriesOf(2, "Plain 5mm"));
    study.push_back(seriesOf(3, "ARTERIAL 2.5mm"));
    study.push_back(seriesOf(4, "PV 2.5mm"));
    study.push_back(seriesOf(5, "Delayed 5 min"));
    study.push_back(seriesOf(7, "T2 HASTE", DicomModality::Mr));
    const StudyFrames frames(study, layoutOf("ct-renal-mass"));
    QCOMPARE(frames.series().size(), std::size_t{4});
    const std::vector<int> numbers = {2, 3, 4, 5};  // unenhanced, corticomedullary, nephrographic, excretory
    for (std::size_t i = 0; i < 4; ++i) QCOMPARE(frames.series()[i]->seriesNumber(), numbers[i]);
    QCOMPARE(frames.notices().size(), std::size_t{1});
    QVERIFY2(frames.notices()[0].find("nephrographic series was taken by series number") != std::string::npos,
             frames.notices()[0].c_str());
    const StudyFrames liver(study, layoutOf("mri-cirrhosis"));
    QCOMPARE(liver.series().front()->seriesNumber(), 7);
    QVERIFY(liver.notices().empty());
    // A lone MR series that does not say it is T2 is still read, and the user is told how it was chosen.
    std::vector<DicomSeries> t1;
    t1.push_back(seriesOf(4, "T1 VIBE", DicomModality::Mr));
    const StudyFrames guessed(t1, layoutOf("mri-cirrhosis"));
    QCOMPARE(guessed.notices().size(), std::size_t{1});
    QVERIFY2(guessed.notices()[0].find("the t2 series was taken by series number, as its description does not name it") !=
                 std::string::npos,
             guessed.notices()[0].c_str());
  }

  void studiesThatCannotServeTheProtocolAreRefusedSayingWhy() {
    std::vector<DicomSeries> three;
    for (int i = 1; i <= 3; ++i) three.push_back(seriesOf(i, ""));
    const std::string tooFew = refusal(three, layoutOf("ct-renal-mass"));
    QVERIFY2(tooFew.find("has CT series that do not say which is the unenhanced, corticomedullary, nephrographic, excretory series") !=
                     std::string::npos && tooFew.find("3 other series are left") != std::string::npos,
             tooFew.c_str());
    const std::string noMr = refusal(three, layoutOf("mri-cirrhosis"));
    QCOMPARE(noMr, std::string("holds no MR series"));
    std::vector<DicomSeries> spacing;
    spacing.push_back(seriesOf(1, "unenhanced"));
    spacing.push_back(seriesOf(2, "arterial"));
    spacing.push_back(DicomSeries(3, DicomModality::Ct, {{"unread", std::array<double, 3>{0, 0, 0},
                                                          std::array<double, 6>{1, 0, 0, 0, 1, 0}, 1, 256, 256}},
                                  std::nullopt, {0.7, 0.7}, "venous"));
    spacing.push_back(seriesOf(4, "delayed"));
    const std::string spaced = refusal(spacing, layoutOf("ct-renal-mass"));
    QVERIFY2(spaced.find("the nephrographic series has another pixel spacing than the unenhanced series") != std::string::npos,
             spaced.c_str());
    std::vector<DicomSeries> sizes;
    sizes.push_back(seriesOf(1, "unenhanced"));
    sizes.push_back(seriesOf(2, "arterial"));
    sizes.push_back(seriesOf(3, "venous", DicomModality::Ct, 512));
    sizes.push_back(seriesOf(4, "delayed"));
    const std::string mixed = refusal(sizes, layoutOf("ct-renal-mass"));
    QVERIFY2(mixed.find("the nephrographic series' slices are 512×512, the unenhanced series' 256×256") != std::string::npos,
             mixed.c_str());
  }

  // The four phases at the mass's slice, each head on its own phase at the region dragged once.
  void theRegionIsCarriedAcrossTheFourPhases() {
    const auto& expected = manifest().at("ct_study");
    const DicomStudy study(kFolder / expected.at("folder").get<std::string>());
    const StudyFrames frames(study.series(), layoutOf("ct-renal-mass"));
    QVERIFY(frames.notices().empty());  // the phantom's descriptions name their phases
    const int k = expected.at("mass_slice").get<int>();
    const Frame frame = frames.frameAt(1, k, WindowLevel::preset(WindowPreset::Kidney));
    QCOMPARE(frame.index, std::int64_t{k});
    QCOMPARE(frame.seriesValues.size(), std::size_t{4});
    QCOMPARE(frame.bgrx.size(), cv::Size(256, 256));
    for (std::size_t phase = 0; phase < 4; ++phase) {
      cv::Mat stored = cv::imread((kFolder / expected.at("references")[phase].get<std::string>()).string(), cv::IMREAD_UNCHANGED);
      cv::Mat hu;
      stored.convertTo(hu, CV_32F, 1.0, -expected.at("hu_offset").get<double>());
      QCOMPARE(cv::norm(frame.seriesValues[phase], hu, cv::NORM_INF), 0.0);
    }
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ct-renal-mass");
    const Box region = squareAround(boxOf(expected.at("mass_box")), 1.5);
    // Until a region is dragged the phases' models, trained on the region around a mass, read nothing.
    for (const HeadOutput& head : stage.analyze(frame).heads) QVERIFY(!head.ran && !head.stable.label);
    stage.setUserRegion(region);
    const InferenceResult result = stage.analyze(frame);
    QCOMPARE(result.heads.size(), std::size_t{4});
    for (const HeadOutput& head : result.heads) {
      QVERIFY2(head.ran && !head.invalid, head.id.c_str());
      QVERIFY(head.region && head.region->x == region.x && head.region->y == region.y &&
              head.region->width == region.width);
      // A still slice shows what its models gave at once: no smoothing, no delay.
      QVERIFY(head.stable.label && (*head.stable.label == "malignant" || *head.stable.label == "benign"));
      QCOMPARE(head.stable.probabilities->values, head.probabilities->values);
    }
    // Each phase's model saw its own phase: the same region on four different pictures.
    QVERIFY(result.heads[0].probabilities->values != result.heads[1].probabilities->values);
    QVERIFY(result.heads[1].probabilities->values != result.heads[3].probabilities->values);
  }

  // The liver's outline lies where the liver is, and the cirrhosis head reads inside it.
  void theLiverContourIsWhereTheLiverIs() {
    const auto& expected = manifest().at("mr_study");
    const DicomStudy study(kFolder / expected.at("folder").get<std::string>());
    const StudyFrames frames(study.series(), layoutOf("mri-cirrhosis"));
    const Frame frame = frames.frameAt(0, expected.at("slice").get<int>(), *study.series().front().storedWindow());
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "mri-cirrhosis");
    const InferenceResult result = stage.analyze(frame);
    const HeadOutput& liver = *result.head("liver");
    QVERIFY(liver.ran && liver.stable.segmentation);
    const cv::Mat truth = cv::imread((kFolder / expected.at("liver_mask").get<std::string>()).string(), cv::IMREAD_GRAYSCALE);
    const cv::Mat drawn = filled(*liver.stable.segmentation, truth.size());
    const double overlap = cv::countNonZero(drawn & truth);
    const double dice = 2 * overlap / (cv::countNonZero(drawn) + cv::countNonZero(truth));
    QVERIFY2(dice > 0.9, qPrintable(QString::number(dice)));
    for (const char* id : {"cirrhosis", "cirrhosis_whole_slice"}) {
      const HeadOutput& head = *result.head(id);
      QVERIFY2(head.ran && head.stable.label, id);
    }
  }

  // A study protocol's heads cannot read video, and a study's stage offers only study protocols.
  // A study's ID is the same every time under one key, another under another key, and says nothing of the
  // study: the key is made once, owner-only, and a damaged one is refused rather than replaced.
  void aStudysOpaqueIdDependsOnTheStudyAndTheKeyOnly() {
    QTemporaryDir here;
    QTemporaryDir there;
    const std::filesystem::path folder = here.path().toStdString();
    const std::string key = siteKeyIn(folder);
    QCOMPARE(siteKeyIn(folder), key);  // made once, then read
    QVERIFY(siteKeyIn(there.path().toStdString()) != key);
    const auto perms = std::filesystem::status(folder / kSiteKeyFileName).permissions() & std::filesystem::perms::all;
    QVERIFY(perms == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

    const DicomStudy ct(kFolder / "ct-study");
    const std::string id = ct.opaqueId(key);
    QVERIFY(std::regex_match(id, std::regex("[0-9a-f]{32}")));
    QCOMPARE(DicomStudy(kFolder / "ct-study").opaqueId(key), id);  // read again
    QVERIFY(ct.opaqueId(siteKeyIn(there.path().toStdString())) != id);
    QVERIFY(DicomStudy(kFolder / "mr-study").opaqueId(key) != id);

    test::writeText(folder / kSiteKeyFileName, "not a key\n");
    try {
      siteKeyIn(folder);
      QFAIL("a damaged key was taken");
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find("is damaged") != std::string::npos, e.what());
    }
    QCOMPARE(test::readText(folder / kSiteKeyFileName), std::string("not a key\n"));
  }

  void aStudyStageKeepsToStudies() {
    InferenceStage stage(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "mri-cirrhosis");
    Frame video;
    video.bgrx = cv::Mat(256, 256, CV_8UC4, cv::Scalar::all(90));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stage.analyze(video));
    QCOMPARE(stage.choices().size(), std::size_t{2});
    QCOMPARE(stage.choices()[0].id, std::string("ct-renal-mass"));
    QCOMPARE(stage.choices()[1].id, std::string("mri-cirrhosis"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stage.setProtocol("ercp"));
  }
};

QTEST_GUILESS_MAIN(StudyFramesTest)
#include "StudyFramesTest.moc"
