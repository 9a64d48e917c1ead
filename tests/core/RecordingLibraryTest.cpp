#include <QtTest>

#include "core/recording/RecordingLibrary.h"
#include "core/recording/ReviewFile.h"
#include "core/recording/SidecarWriter.h"
#include "support/TestFiles.h"

using namespace endoverlay;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A recording's sidecar with one ERCP result a second, the warning coming on at each of `warningsAt`
// for one second, and an empty file standing in for its video.
void writeRecording(const fs::path& folder, const std::string& stem, const std::string& started, int seconds,
                    const std::vector<int>& warningsAt) {
  RecordingHeader header;
  header.procedureId = stem + "-id";
  header.protocolId = "ercp";
  header.protocolName = "ERCP";
  header.startedUtc = started;
  header.video = stem + ".mkv";
  header.sourceKind = "v4l2";
  SidecarWriter writer(folder / (stem + ".results.jsonl"), header);
  for (int s = 0; s <= seconds; ++s) {
    const bool warning = std::find(warningsAt.begin(), warningsAt.end(), s) != warningsAt.end();
    writer.append({{"frame", s * 25},
                   {"pts_ns", s * 1'000'000'000LL},
                   {"shown_box", json{1, 2, 3, 4}},
                   {"difficulty", {{"probabilities", {{"easy", 0.5}, {"failure", 0.5}}}}},
                   {"warning", {{"light", warning ? "red" : "green"}}},
                   {"models", json::array({{{"name", "ercp-ampulla-demo"}, {"version", "1.0.0"}, {"sha256", std::string(64, 'a')}},
                                           {{"name", "ercp-difficulty-demo"}, {"version", "1.0.0"}, {"sha256", std::string(64, 'b')},
                                            {"card_sha256", std::string(64, 'c')}}})}});
  }
  test::writeText(folder / (stem + ".mkv"), "");
}

}  // namespace

class RecordingLibraryTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path dir() const { return test::folderForThisTest(scratch_); }

 private Q_SLOTS:
  void listsRecordingsNewestFirstWithTheirWarnings() {
    const fs::path folder = dir();
    writeRecording(folder, "older", "2026-11-20T09:00:00Z", 30, {5});
    writeRecording(folder, "newer", "2026-11-21T14:30:00Z", 12, {2, 7});
    test::writeText(folder / "notes.txt", "not a recording");
    const std::vector<RecordingSummary> list = scanRecordings(folder);
    QCOMPARE(list.size(), std::size_t{2});
    QCOMPARE(list[0].procedureId, std::string("newer-id"));
    QCOMPARE(list[0].durationSeconds, 12.0);
    QCOMPARE(list[0].warnings, 2);
    QCOMPARE(list[0].events, 5);  // ampulla seen, then each warning on and off
    QCOMPARE(list[0].models, (std::vector<std::string>{"ercp-ampulla-demo 1.0.0 · model aaaaaaaa",
                                                       "ercp-difficulty-demo 1.0.0 · model bbbbbbbb · card cccccccc"}));
    QCOMPARE(list[1].procedureId, std::string("older-id"));
    QCOMPARE(list[1].warnings, 1);
    QVERIFY(!list[0].reviewed && !list[1].reviewed);
    QVERIFY(list[0].problem.empty() && list[1].problem.empty());
  }

  void verdictAndNotesAreSavedBesideTheRecording() {
    const fs::path folder = dir();
    writeRecording(folder, "clip", "2026-11-21T14:30:00Z", 10, {4});
    const fs::path reviewPath = reviewPathFor(folder / "clip.mkv");
    QCOMPARE(reviewPath, folder / "clip.review.json");
    QVERIFY(!Review::load(reviewPath).reviewed());

    Review review;
    review.verdict = Verdict::Disagree;
    review.notes = {{100, "warning came on for an easy papilla"}, {150, "box slightly low"}};
    review.save(reviewPath);
    const Review loaded = Review::load(reviewPath);
    QVERIFY(loaded.verdict == Verdict::Disagree);
    QCOMPARE(loaded.notes.size(), std::size_t{2});
    QCOMPARE(loaded.notes[0].frame, std::int64_t{100});
    QCOMPARE(loaded.notes[1].text, std::string("box slightly low"));
    QVERIFY(!loaded.reviewedUtc.empty());
    QVERIFY(scanRecordings(folder).at(0).reviewed);
    QCOMPARE(test::readText(folder / "clip.mkv"), std::string());  // the recording itself is untouched
  }

  void damagedRecordingsAreListedWithTheirProblem() {
    const fs::path folder = dir();
    writeRecording(folder, "cut", "2026-11-21T10:00:00Z", 5, {});
    std::string text = test::readText(folder / "cut.results.jsonl");
    test::writeText(folder / "cut.results.jsonl", text.substr(0, text.size() - 20));
    writeRecording(folder, "novideo", "2026-11-21T11:00:00Z", 5, {});
    fs::remove(folder / "novideo.mkv");
    writeRecording(folder, "badreview", "2026-11-21T12:00:00Z", 5, {});
    test::writeText(folder / "badreview.review.json", "{\"verdict\": ");
    test::writeText(folder / "garbage.results.jsonl", "garbage\n");
    writeRecording(folder, "typed", "2026-11-21T13:00:00Z", 5, {});
    std::string typed = test::readText(folder / "typed.results.jsonl");
    typed.replace(typed.find("\"mode\":\"ercp\""), 13, "\"mode\":3");
    test::writeText(folder / "typed.results.jsonl", typed);
    writeRecording(folder, "healthy", "2026-11-21T14:00:00Z", 5, {});

    const std::vector<RecordingSummary> list = scanRecordings(folder);
    QCOMPARE(list.size(), std::size_t{6});
    const auto problemOf = [&](const std::string& stem) {
      for (const RecordingSummary& r : list)
        if (r.sidecar.filename() == stem + ".results.jsonl") return QString::fromStdString(r.problem);
      return QStringLiteral("<not listed>");
    };
    QVERIFY2(problemOf("cut").contains("the first at line 7"), qPrintable(problemOf("cut")));
    QVERIFY2(problemOf("novideo").contains("novideo.mkv is missing"), qPrintable(problemOf("novideo")));
    QVERIFY2(problemOf("badreview").contains("badreview.review.json cannot be read: is not valid JSON"),
             qPrintable(problemOf("badreview")));
    QVERIFY2(problemOf("garbage").contains("no readable header"), qPrintable(problemOf("garbage")));
    // One recording with a wrongly typed header is listed with its problem; it hides none of the others.
    QVERIFY2(problemOf("typed").contains("mode: must be text"), qPrintable(problemOf("typed")));
    QVERIFY2(problemOf("healthy").isEmpty(), qPrintable(problemOf("healthy")));
  }

  void unreadableFolderOrReviewPlaceIsAnError() {
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, scanRecordings(dir() / "missing"));
    Review review;
    review.verdict = Verdict::Agree;
    try {
      review.save("/proc/endoverlay.review.json");
      QFAIL("saved a review into /proc");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains("saving the review failed: writing /proc/endoverlay.review.json failed"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(RecordingLibraryTest)
#include "RecordingLibraryTest.moc"
