#include <QtTest>

#include "core/stability/StabilitySettings.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

class StabilitySettingsTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;

  QString failureOf(const std::string& text) {
    const fs::path file = fs::path(scratch_.path().toStdString()) / "settings.json";
    test::writeText(file, text);
    try {
      StabilitySettings::load(file);
    } catch (const std::runtime_error& e) {
      return QString::fromUtf8(e.what());
    }
    return QStringLiteral("<no error>");
  }

 private Q_SLOTS:
  void shippedFileHoldsTheDefaults() {
    const StabilitySettings shipped = StabilitySettings::load(test::resources() / "settings" / "stability.json");
    const StabilitySettings defaults;
    QCOMPARE(shipped.maskTimeConstantMs, defaults.maskTimeConstantMs);
    QCOMPARE(shipped.probabilityTimeConstantMs, defaults.probabilityTimeConstantMs);
    QCOMPARE(shipped.lostAfterMs, defaults.lostAfterMs);
    for (const auto& [a, b] : {std::pair{shipped.difficultyAmber, defaults.difficultyAmber},
                               std::pair{shipped.difficultyRed, defaults.difficultyRed},
                               std::pair{shipped.cystType, defaults.cystType}}) {
      QCOMPARE(a.on, b.on);
      QCOMPARE(a.off, b.off);
      QCOMPARE(a.showDelayMs, b.showDelayMs);
      QCOMPARE(a.minOnScreenMs, b.minOnScreenMs);
    }
  }

  void keysLeftOutKeepTheirDefaults() {
    const fs::path file = fs::path(scratch_.path().toStdString()) / "partial.json";
    test::writeText(file, R"({"cyst_type": {"on": 0.9}, "lost_after_ms": 250})");
    const StabilitySettings settings = StabilitySettings::load(file);
    QCOMPARE(settings.cystType.on, 0.9);
    QCOMPARE(settings.cystType.off, StabilitySettings{}.cystType.off);
    QCOMPARE(settings.lostAfterMs, 250.0);
  }

  void badSettingsAreNamed_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem");
    QTest::newRow("off above on") << R"({"difficulty_red": {"on": 0.6, "off": 0.7}})"
                                  << "difficulty_red.off: must not be above difficulty_red.on";
    QTest::newRow("above one") << R"({"cyst_type": {"on": 1.5}})" << "cyst_type.on: must be a number from 0 to 1";
    QTest::newRow("text for a time") << R"({"lost_after_ms": "soon"})" << "lost_after_ms: must be a number";
    QTest::newRow("negative time") << R"({"mask_time_constant_ms": -5})" << "mask_time_constant_ms: must be a number from 0";
    QTest::newRow("huge number") << R"({"lost_after_ms": 1e300})" << "lost_after_ms: must be a number from 0 to 600000";
    QTest::newRow("not JSON") << "{not json" << "not valid JSON";
    QTest::newRow("not an object") << "[1, 2]" << "must be a JSON object";
    QTest::newRow("unknown key") << R"({"lost_after": 200})" << "lost_after: is not a known field";
    QTest::newRow("unknown nested key") << R"({"cyst_type": {"on": 0.8, "of": 0.7}})" << "cyst_type.of: is not a known field";
    QTest::newRow("switch not an object") << R"({"difficulty_red": 0.6})" << "difficulty_red: must be a JSON object";
    QTest::newRow("amber above red") << R"({"difficulty_amber": {"on": 0.7, "off": 0.3}})"
                                     << "difficulty_amber.on: must not be above difficulty_red.on";
    QTest::newRow("amber goes off after red") << R"({"difficulty_amber": {"on": 0.56, "off": 0.52}, "difficulty_red": {"on": 0.8, "off": 0.5}})"
                                              << "difficulty_amber.off: must not be above difficulty_red.off";
  }

  void badSettingsAreNamed() {
    QFETCH(QString, text);
    QFETCH(QString, problem);
    const QString message = failureOf(text.toStdString());
    QVERIFY2(message.contains(problem) && message.contains("settings "), qPrintable(message));
  }
};

QTEST_APPLESS_MAIN(StabilitySettingsTest)
#include "StabilitySettingsTest.moc"
