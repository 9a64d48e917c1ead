#include <QtTest>

#include "core/dicom/DicomCine.h"
#include "support/DicomTestFiles.h"

using namespace endoverlay;

class DicomCineTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Every coding the other tools wrote opens with its frame count, size, colour and rate, and each frame's
  // pixels are those of the tool's own decode.
  void everyFileShowsTheOtherToolsPixels() {
    QVERIFY(test::dicomTestFiles().files.size() >= 14);
    for (const auto& file : test::dicomTestFiles().files) {
      const QString name = QString::fromStdString(file.path.filename().string() + " (" + file.madeBy + ")");
      DicomCine cine(file.path);
      QVERIFY2(cine.frameCount() == file.frames, qPrintable(name));
      QVERIFY2(cine.width() == file.width && cine.height() == file.height, qPrintable(name));
      QVERIFY2((cine.colour() == DicomColour::Rgb) == file.colour, qPrintable(name));
      QVERIFY2(cine.statesFrameTime() == (file.fps > 0), qPrintable(name));
      QVERIFY2(std::abs(cine.framesPerSecond() - (file.fps > 0 ? file.fps : DicomCine::kUntimedFps)) < 1e-3,
               qPrintable(name));
      for (int i = 0; i < file.frames; ++i) {
        const double difference = test::largestDifference(cine.frame(i), file.reference(i));
        QVERIFY2(difference <= file.tolerance,
                 qPrintable(name + QStringLiteral(" frame %1 differs by %2").arg(i).arg(difference)));
      }
    }
  }

  // Frames can be asked for in any order, as a seek does.
  void framesComeInAnyOrder() {
    const auto& file = test::dicomTestFiles().named("rgb_jpeg_baseline");
    DicomCine cine(file.path);
    for (int i : {3, 0, 2, 2, 1})
      QCOMPARE(test::largestDifference(cine.frame(i), file.reference(i)), 0.0);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, cine.frame(4));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, cine.frame(-1));
  }

  void brokenFilesAreRefusedWithTheirReason() {
    QVERIFY(test::dicomTestFiles().broken.size() >= 4);
    for (const auto& broken : test::dicomTestFiles().broken) {
      try {
        DicomCine cine(broken.path);
        QFAIL(qPrintable(QString::fromStdString(broken.path.filename().string() + " opened")));
      } catch (const DicomError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find(broken.reason) != std::string::npos, error.what());
        QVERIFY2(message.find(broken.path.filename().string()) == std::string::npos, error.what());
      }
    }
    QVERIFY_THROWS_EXCEPTION(DicomError, DicomCine(std::filesystem::path(ENDOVERLAY_DICOM_FILES) / "not-there.dcm"));
  }

  void theMarkerSaysWhatIsDicom() {
    QVERIFY(DicomCine::looksLikeDicom(test::dicomTestFiles().named("mono8_cine").path));
    QVERIFY(!DicomCine::looksLikeDicom(test::dicomTestFiles().named("mono8_cine").references.front()));
  }
};

QTEST_APPLESS_MAIN(DicomCineTest)
#include "DicomCineTest.moc"
