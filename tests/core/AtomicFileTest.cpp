#include <QtTest>

#include <filesystem>

#include "core/support/AtomicFile.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;

class AtomicFileTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return test::folderForThisTest(scratch_); }

 private Q_SLOTS:
  void replacesTheFileWholeAndLeavesNothingElse() {
    const fs::path file = dir() / "report.json";
    test::writeText(file, "old");
    writeFileAtomically(file, "new text");
    QCOMPARE(test::readText(file), std::string("new text"));
    QCOMPARE(std::distance(fs::directory_iterator(dir()), fs::directory_iterator()), 1);
  }

  void failureLeavesTheOldFileAlone() {
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, writeFileAtomically(dir() / "missing" / "x.json", "text"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, writeFileAtomically(dir(), "text"));  // a folder
    QVERIFY(fs::is_directory(dir()));
  }

  // Renaming over a device would replace it with a file (as root, /dev/full itself).
  void devicesAreWrittenNotReplaced() {
    writeFileAtomically("/dev/null", "nothing");
    QVERIFY(fs::is_character_file("/dev/null"));
    try {
      writeFileAtomically("/dev/full", "text");
      QFAIL("writing to /dev/full succeeded");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains("disk full"), e.what());
    }
    QVERIFY(fs::is_character_file("/dev/full"));
  }

  void linksAreFollowed() {
    const fs::path target = dir() / "target.html";
    test::writeText(target, "old");
    fs::create_symlink(target, dir() / "link.html");
    writeFileAtomically(dir() / "link.html", "new");
    QVERIFY(fs::is_symlink(dir() / "link.html"));
    QCOMPARE(test::readText(target), std::string("new"));
  }
};

QTEST_APPLESS_MAIN(AtomicFileTest)
#include "AtomicFileTest.moc"
