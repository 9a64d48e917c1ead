#include <QtTest>

#include "core/StabilitySettings.h"
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

  void badSettingsAreNamed() {
    QVERIFY(failureOf(R"({"difficulty_red": {"on": 0.4, "off": 0.5}})").contains("'difficulty_red.off' must not be above"));
    QVERIFY(failureOf(R"({"cyst_type": {"on": 1.5}})").contains("'cyst_type.on' must be a number from 0 to 1"));
    QVERIFY(failureOf(R"({"lost_after_ms": "soon"})").contains("'lost_after_ms'"));
    QVERIFY(failureOf("{not json").contains("not valid JSON"));
    QVERIFY(failureOf("[1, 2]").contains("must be a JSON object"));
  }
};

QTEST_APPLESS_MAIN(StabilitySettingsTest)
#include "StabilitySettingsTest.moc"
