#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/analysis/SliceGrey.h"
#include "core/analysis/WindowLevel.h"
#include "core/dicom/DicomCine.h"
#include "core/dicom/DicomStudy.h"
#include "support/DicomSeries.h"
#include "support/TestFiles.h"

using namespace endoverlay;

namespace {

const std::filesystem::path kFolder = test::dicomSeriesFolder();

const nlohmann::json& manifest() { return test::dicomSeriesManifest(); }

// Whether any of `messages` repeats a patient identifier from the files' tags or a file's name.
bool anyIdentifies(const std::vector<std::string>& messages) {
  for (const auto& message : messages) {
    for (const auto& identifier : manifest().at("identifiers")) {
      if (message.find(identifier.get<std::string>()) != std::string::npos) return true;
    }
    if (message.find(".dcm") != std::string::npos || message.find("ROE") != std::string::npos) return true;
  }
  return false;
}

bool anyContains(const std::vector<std::string>& messages, const std::string& words) {
  return std::any_of(messages.begin(), messages.end(),
                     [&words](const std::string& m) { return m.find(words) != std::string::npos; });
}

std::string refusal(const std::filesystem::path& folder) {
  try {
    DicomStudy study(folder);
  } catch (const DicomError& error) {
    return error.what();
  }
  return "opened";
}

}  // namespace

class DicomSeriesTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // The four CT phases, their files renamed at random and spread over two folders, come back as four
  // series in scan order, each with its slices in order of position.
  void aShuffledStudyReadsAsItsSeriesInOrderOfPosition() {
    const auto& expected = manifest().at("ct_study");
    const DicomStudy study(kFolder / expected.at("folder").get<std::string>());
    QCOMPARE(study.series().size(), expected.at("series").get<std::size_t>());
    QVERIFY(study.notices().empty());
    const auto z = expected.at("slice_z").get<std::vector<double>>();
    for (std::size_t i = 0; i < study.series().size(); ++i) {
      const DicomSeries& series = study.series()[i];
      QCOMPARE(series.seriesNumber(), static_cast<int>(i + 1));
      QVERIFY(series.modality() == DicomModality::Ct);
      QCOMPARE(series.sliceCount(), expected.at("slices").get<int>());
      QCOMPARE(series.width(), 256);
      QVERIFY(series.warnings().empty());
      for (int k = 0; k < series.sliceCount(); ++k) QVERIFY(std::abs(series.slicePositionMm(k) - z[k]) < 1e-3);
      QVERIFY(std::abs(series.sliceSpacingMm() - 3.0) < 1e-3);
      QVERIFY(std::abs(series.pixelSpacingMm()[0] - expected.at("pixel_mm").get<double>()) < 1e-6);
      QVERIFY(series.storedWindow().has_value());
      QCOMPARE(series.storedWindow()->centre, 40.0);
      QCOMPARE(series.storedWindow()->width, 400.0);
    }
  }

  // Stored values come back through the rescale as the phantom's Hounsfield units, exactly, in every phase;
  // the mass enhances in the corticomedullary phase as the phantom drew it.
  void ctValuesAreHounsfieldUnits() {
    const auto& expected = manifest().at("ct_study");
    const DicomStudy study(kFolder / expected.at("folder").get<std::string>());
    const int slice = expected.at("mass_slice").get<int>();
    const auto references = expected.at("references").get<std::vector<std::string>>();
    for (std::size_t phase = 0; phase < references.size(); ++phase) {
      cv::Mat stored = cv::imread((kFolder / references[phase]).string(), cv::IMREAD_UNCHANGED);
      QCOMPARE(stored.type(), CV_16UC1);
      cv::Mat hu;
      stored.convertTo(hu, CV_32F, 1.0, -expected.at("hu_offset").get<double>());
      const cv::Mat values = study.series()[phase].values(slice);
      QCOMPARE(values.type(), CV_32FC1);
      QCOMPARE(cv::norm(values, hu, cv::NORM_INF), 0.0);
    }
    const auto box = expected.at("mass_box").get<std::vector<double>>();
    const cv::Rect mass(static_cast<int>(box[0] + box[2] / 4), static_cast<int>(box[1] + box[3] / 4),
                        std::max(1, static_cast<int>(box[2] / 2)), std::max(1, static_cast<int>(box[3] / 2)));
    const double unenhanced = cv::mean(study.series()[0].values(slice)(mass))[0];
    const double corticomedullary = cv::mean(study.series()[1].values(slice)(mass))[0];
    QVERIFY2(unenhanced > -10 && unenhanced < 80, qPrintable(QString::number(unenhanced)));
    QVERIFY2(corticomedullary > unenhanced + 30, qPrintable(QString::number(corticomedullary)));
  }

  // Coronal slices lie along y: they are ordered by their place along the normal, not by instance number
  // (which runs the other way) nor by name, and signed values go through a slope of 2.
  void slicesAreOrderedAlongTheirNormal() {
    const auto& expected = manifest().at("coronal");
    const DicomStudy study(kFolder / expected.at("folder").get<std::string>());
    QCOMPARE(study.series().size(), std::size_t{1});
    const DicomSeries& series = study.series().front();
    const auto positions = expected.at("positions").get<std::vector<double>>();
    QCOMPARE(series.sliceCount(), static_cast<int>(positions.size()));
    QVERIFY(std::abs(series.sliceSpacingMm() - 2.5) < 1e-6);
    for (int k = 0; k < series.sliceCount(); ++k) {
      QVERIFY(std::abs(series.slicePositionMm(k) - positions[k]) < 1e-6);
      const cv::Mat values = series.values(k);
      QCOMPARE(values.cols, expected.at("width").get<int>());
      for (int y = 0; y < values.rows; y += 5)
        for (int x = 0; x < values.cols; x += 7)
          QCOMPARE(values.at<float>(y, x), static_cast<float>(2 * (100 * k + x - 3 * y - 50) - 1000));
    }
    QCOMPARE(series.sliceNearest(-14.0), 2);
    QCOMPARE(series.sliceNearest(100.0), series.sliceCount() - 1);
  }

  void aMissingSliceIsSaidWhere() {
    const DicomStudy study(kFolder / "missing-slice");
    const DicomSeries& series = study.series().front();
    QCOMPARE(series.sliceCount(), 5);
    QVERIFY(std::abs(series.sliceSpacingMm() - 3.0) < 1e-6);
    QCOMPARE(series.warnings().size(), std::size_t{1});
    const std::string& warning = series.warnings().front();
    QVERIFY2(warning.find("1 slice is missing") != std::string::npos, warning.c_str());
    QVERIFY2(warning.find("between 6.0 mm and 12.0 mm") != std::string::npos, warning.c_str());
    QCOMPARE(series.values(3).at<float>(0, 0), 3.0F);  // 1024 + 3 stored, the fourth file, at 12 mm
  }

  void slicesSharingAPlaceAreCountedAndAGapAfterThemFound() {
    const DicomStudy study(kFolder / "shared-and-uneven");
    const DicomSeries& series = study.series().front();
    QVERIFY(std::abs(series.sliceSpacingMm() - 3.0) < 1e-6);
    QVERIFY2(anyContains(series.warnings(), "4 slices share a place"), qPrintable(QString::fromStdString(series.warnings().back())));
    QVERIFY(anyContains(series.warnings(), "1 slice is missing, at the usual spacing of 3.0 mm: between 6.0 mm and 12.0 mm"));
  }

  void slicesWithoutPositionsFollowTheirInstanceNumbers() {
    const DicomStudy study(kFolder / "no-positions");
    const DicomSeries& series = study.series().front();
    QVERIFY(series.modality() == DicomModality::Mr);
    for (int k = 0; k < 3; ++k) QCOMPARE(series.values(k).at<float>(0, 0), 10.0F * static_cast<float>(k + 1));
    QVERIFY(anyContains(series.warnings(), "no position"));
    QCOMPARE(series.sliceSpacingMm(), 0.0);
  }

  // Two series in one folder are both there; everything else is counted out with its reason, never named.
  void aMixedFolderKeepsItsSeriesAndSaysWhatItLeftOut() {
    const auto& expected = manifest().at("mixed");
    const DicomStudy study(kFolder / expected.at("folder").get<std::string>());
    QCOMPARE(study.series().size(), expected.at("series").size());
    for (std::size_t i = 0; i < study.series().size(); ++i) {
      const auto& want = expected.at("series")[i];
      QCOMPARE(study.series()[i].seriesNumber(), want.at("number").get<int>());
      QCOMPARE(study.series()[i].sliceCount(), want.at("slices").get<int>());
      QCOMPARE(study.series()[i].values(0).at<float>(0, 0), want.at("first_hu").get<float>());
    }
    QVERIFY(study.series()[0].modality() == DicomModality::Ct && study.series()[1].modality() == DicomModality::Mr);
    for (const char* words : {"1 file is not DICOM", "1 file holds no picture", "1 file is a multi-frame picture",
                              "1 file is a colour picture", "1 file is damaged"})
      QVERIFY2(anyContains(study.notices(), words), words);
    QVERIFY(!anyIdentifies(study.notices()));
  }

  void unreadableFoldersAreRefusedWithTheirReason() {
    const std::string sizes = refusal(kFolder / "mixed-sizes");
    QVERIFY2(sizes.find("differ in size (32×32 and 16×16)") != std::string::npos, sizes.c_str());
    QVERIFY2(sizes.find("series 1 (CT, 3 files)") != std::string::npos, sizes.c_str());
    const std::string text = refusal(kFolder / "not-dicom");
    QVERIFY2(text.find("no series of slices: 2 files are not DICOM") != std::string::npos, text.c_str());
    QVERIFY2(refusal(kFolder / "empty").find("holds no files") != std::string::npos, "empty");
    QVERIFY2(refusal(kFolder / "not-there").find("does not exist") != std::string::npos, "not there");
    QVERIFY(!anyIdentifies({sizes, text}));
  }

  // One file opens as a series of one slice.
  void aSingleFileIsASeriesOfOne() {
    const DicomStudy study(kFolder / "mixed" / "mr2.dcm");
    QCOMPARE(study.series().size(), std::size_t{1});
    QCOMPARE(study.series().front().sliceCount(), 1);
    QCOMPARE(study.series().front().values(0).at<float>(5, 5), 302.0F);
  }

  // What a model sees of a slice read from DICOM is what the training code fed it from the same slice:
  // the CT card's window on the stored HU, the MRI card's stretch between percentiles of the signal.
  void modelsSeeSlicesAsTheyWereTrainedOnThem() {
    const std::filesystem::path models = std::filesystem::path(ENDOVERLAY_TEST_RESOURCES) / "models";
    const auto& ct = manifest().at("ct_study");
    const DicomStudy ctStudy(kFolder / ct.at("folder").get<std::string>());
    const ModelCard corticomedullary = ModelCard::load(models / "ct-renal-corticomedullary-demo.json");
    const cv::Mat ctGrey = sliceGrey(ctStudy.series()[1].values(ct.at("mass_slice").get<int>()), corticomedullary.input);
    const cv::Mat ctWanted = cv::imread((kFolder / ct.at("model_grey").get<std::string>()).string(), cv::IMREAD_GRAYSCALE);
    QVERIFY2(cv::norm(ctGrey, ctWanted, cv::NORM_INF) == 0, qPrintable(QString::number(cv::countNonZero(ctGrey != ctWanted))));
    const auto& mr = manifest().at("mr_study");
    const DicomStudy mrStudy(kFolder / mr.at("folder").get<std::string>());
    QCOMPARE(mrStudy.series().size(), std::size_t{1});
    QVERIFY(mrStudy.series().front().modality() == DicomModality::Mr);
    QCOMPARE(mrStudy.series().front().sliceCount(), mr.at("slices").get<int>());
    const ModelCard liver = ModelCard::load(models / "mri-liver-demo.json");
    const cv::Mat mrGrey = sliceGrey(mrStudy.series().front().values(mr.at("slice").get<int>()), liver.input);
    const cv::Mat mrWanted = cv::imread((kFolder / mr.at("model_grey").get<std::string>()).string(), cv::IMREAD_GRAYSCALE);
    QVERIFY2(cv::norm(mrGrey, mrWanted, cv::NORM_INF) == 0, qPrintable(QString::number(cv::countNonZero(mrGrey != mrWanted))));
    QVERIFY(cv::countNonZero(mrGrey == 255) > 0 && cv::countNonZero(mrGrey == 0) > 0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             sliceGrey(cv::Mat(4, 4, CV_32FC1, 0.0F), ModelCard::load(models / "eus-cyst-demo.json").input));
  }

  // DICOM's linear window: its ends go black and white, its centre mid-grey, and values beyond it clip.
  void windowLevelFollowsTheStandardsLinearFunction() {
    const WindowLevel abdomen = WindowLevel::preset(WindowPreset::Abdomen);
    QCOMPARE(abdomen.centre, 40.0);
    QCOMPARE(abdomen.width, 400.0);
    const cv::Mat values = (cv::Mat_<float>(1, 6) << -1000.F, -160.F, 40.F, 240.F, 3000.F, 140.F);
    const cv::Mat grey = abdomen.apply(values);
    QCOMPARE(grey.type(), CV_8UC1);
    QCOMPARE(grey.at<std::uint8_t>(0), std::uint8_t{0});
    QCOMPARE(grey.at<std::uint8_t>(1), std::uint8_t{0});
    QCOMPARE(grey.at<std::uint8_t>(2), std::uint8_t{128});  // ((40 - 39.5) / 399 + 0.5) · 255 = 127.8
    QCOMPARE(grey.at<std::uint8_t>(3), std::uint8_t{255});
    QCOMPARE(grey.at<std::uint8_t>(4), std::uint8_t{255});
    QCOMPARE(grey.at<std::uint8_t>(5), std::uint8_t{192});  // ((140 - 39.5) / 399 + 0.5) · 255 = 191.7
    const WindowLevel kidney = WindowLevel::preset(WindowPreset::Kidney);
    QVERIFY(kidney.centre > abdomen.centre && kidney.width > abdomen.width);
    const cv::Mat threshold = WindowLevel{100.0, 0.0}.apply((cv::Mat_<float>(1, 2) << 99.F, 100.F));
    QCOMPARE(threshold.at<std::uint8_t>(0), std::uint8_t{0});
    QCOMPARE(threshold.at<std::uint8_t>(1), std::uint8_t{255});
    const WindowLevel wider = abdomen.dragged(256, -128, 512);
    QCOMPARE(wider.width, 600.0);
    QCOMPARE(wider.centre, -60.0);
    QCOMPARE(abdomen.dragged(-100000, 0, 512).width, WindowLevel::kNarrowest);
  }
};

QTEST_APPLESS_MAIN(DicomSeriesTest)
#include "DicomSeriesTest.moc"
