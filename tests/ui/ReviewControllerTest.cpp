#include <QtTest>

#include <filesystem>

#include "core/recording/ReviewFile.h"
#include "support/TestFiles.h"
#include "ui/ReviewController.h"

using namespace endoverlay;
namespace fs = std::filesystem;

// Two windows open on one recording: each edit goes to the review on disk,
// so neither silently overwrites the other's notes.
class ReviewControllerTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;

  QString recording() const {
    return QString::fromStdString((test::folderForThisTest(scratch_) / "clip.mkv").string());
  }

 private Q_SLOTS:
  void twoWindowsKeepEachOthersChanges() {
    const QString file = recording();
    ReviewController first;
    ReviewController second;
    first.setFile(file);
    second.setFile(file);  // both opened before either saved anything
    first.setNote(100, QStringLiteral("box slightly low"));
    second.setVerdict(ReviewController::VerdictChoice::Disagree);
    second.setNote(200, QStringLiteral("warning came early"));
    const Review saved = Review::load(reviewPathFor(file.toStdString()));
    QVERIFY(saved.verdict == Verdict::Disagree);
    QCOMPARE(saved.noteAt(100), std::string("box slightly low"));
    QCOMPARE(saved.noteAt(200), std::string("warning came early"));
    QCOMPARE(second.notes().value(QStringLiteral("100")).toString(), QStringLiteral("box slightly low"));
  }

  void oneNoteEditedInTwoWindowsKeepsBothTexts() {
    const QString file = recording();
    ReviewController first;
    ReviewController second;
    first.setFile(file);
    second.setFile(file);
    first.setNote(100, QStringLiteral("too early"));
    second.setNote(100, QStringLiteral("papilla hidden"));  // it never showed "too early"
    QCOMPARE(Review::load(reviewPathFor(file.toStdString())).noteAt(100), std::string("too early | papilla hidden"));
    QVERIFY2(second.statusIsProblem() && second.statusText().contains("also changed in another window"),
             qPrintable(second.statusText()));
    // A window that saw the latest text replaces it as usual.
    second.setNote(100, QStringLiteral("papilla hidden by a fold"));
    QCOMPARE(Review::load(reviewPathFor(file.toStdString())).noteAt(100), std::string("papilla hidden by a fold"));
    QVERIFY(!second.statusIsProblem());
  }

  void pastedControlCharactersBecomeSpacesAndSaveLeavesNoTemporaryFiles() {
    const QString file = recording();
    ReviewController window;
    window.setFile(file);
    window.setNote(7, QStringLiteral("line one\nline\ttwo\x1b[31m red"));
    QVERIFY2(!window.statusIsProblem(), qPrintable(window.statusText()));
    QCOMPARE(Review::load(reviewPathFor(file.toStdString())).noteAt(7), std::string("line one line two [31m red"));
    int files = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(file.toStdString()).parent_path())) {
      ++files;
      QVERIFY2(entry.path().filename() == "clip.review.json", entry.path().c_str());
    }
    QCOMPARE(files, 1);
  }
};

QTEST_GUILESS_MAIN(ReviewControllerTest)
#include "ReviewControllerTest.moc"
