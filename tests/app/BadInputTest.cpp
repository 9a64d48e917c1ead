#include <QtTest>

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>

#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/recording/RecordingEvents.h"
#include "core/support/Sha256.h"
#include "core/recording/SidecarFile.h"
#include "support/CliRun.h"
#include "support/NonFiniteModels.h"
#include "support/QuickItems.h"
#include "support/TestFiles.h"
#include "ui/RecordingLibraryModel.h"
#include "ui/ReplayController.h"
#include "ui/VideoController.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

using namespace endoverlay;
namespace fs = std::filesystem;
using nlohmann::json;
using test::qPath;

namespace {

// Every file under `folder` with its SHA-256: what "nothing else changed on disk" is checked against.
std::map<fs::path, std::string> snapshot(const fs::path& folder) {
  std::map<fs::path, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), folder)] = sha256OfFile(entry.path());
  return files;
}

void editJson(const fs::path& file, const std::function<void(json&)>& edit) {
  json value = json::parse(test::readText(file));
  edit(value);
  test::writeText(file, value.dump(2));
}

// Replaces the first occurrence of `from` in a text file.
void editText(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = test::readText(file);
  text.replace(text.find(from), from.size(), to);
  test::writeText(file, text);
}

std::unique_ptr<QQmlApplicationEngine> openWindow(const QString& qml, const QVariantMap& properties) {
  auto engine = std::make_unique<QQmlApplicationEngine>();
  engine->setInitialProperties(properties);
  engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/") + qml));
  return engine;
}

QQuickWindow* windowOf(const QQmlApplicationEngine& engine) {
  return engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
}

}  // namespace

// The CLI and the window over a generated set of damaged and hostile inputs:
// each gets its documented behaviour (a clear error, a skipped line, a
// refusal, an invalid output shown as such) and nothing else changes on disk.
// docs/reliability.md lists the rows.
class BadInputTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir scratch_;
  fs::path root_;
  fs::path recordings_;
  std::map<std::string, fs::path> recording_;  // by what is wrong with it

  fs::path cloneRecording(const std::string& name) {
    const fs::path& healthy = recording_.at("healthy");
    const fs::path video = recordings_ / (name + ".mkv");
    fs::copy_file(healthy, video);
    const fs::path sidecar = recordings_ / (name + ".results.jsonl");
    fs::copy_file(recordings_ / (healthy.stem().string() + ".results.jsonl"), sidecar);
    editText(sidecar, "\"video\":\"" + healthy.filename().string() + "\"", "\"video\":\"" + name + ".mkv\"");
    recording_[name] = video;
    return sidecar;
  }

  // Runs the CLI and checks its exit code, its message, and that only `outputs` (under root_) changed.
  void expect(const QStringList& args, int exitCode, const QString& message, const std::set<fs::path>& outputs = {}) {
    const auto before = snapshot(root_);
    const test::CliRun run = test::runCli(args);
    QVERIFY2(run.exitCode == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    auto after = snapshot(root_);
    for (const fs::path& output : outputs) after.erase(output);
    auto expected = before;
    for (const fs::path& output : outputs) expected.erase(output);
    QVERIFY2(after == expected, qPrintable(args.join(' ')));
  }

 private Q_SLOTS:
  void initTestCase() {
    root_ = fs::path(scratch_.path().toStdString());
    recordings_ = root_ / "recordings";
    // A real recording to damage.
    const test::CliRun record = test::runCli({"record", qPath(test::ercpDemoClip()), "--out", qPath(recordings_),
                                              "--seconds", "7", "--procedure-id", "bad-input-01"});
    QVERIFY2(record.exitCode == 0, qPrintable(record.err));
    for (const auto& entry : fs::directory_iterator(recordings_))
      if (entry.path().extension() == ".mkv") recording_["healthy"] = entry.path();
    QVERIFY(recording_.count("healthy"));

    editText(cloneRecording("typed-frame"), "{\"device\"", "{\"frame\":\"12\",\"pts_ns\":0}\n{\"device\"");
    editText(cloneRecording("typed-header"), "\"mode\":\"ercp\"", "\"mode\":3");
    cloneRecording("no-video");
    fs::remove(recordings_ / "no-video.mkv");
    const fs::path cut = cloneRecording("cut-short");
    std::string text = test::readText(cut);
    test::writeText(cut, text.substr(0, text.size() - 100));
    // A note with markup on the first event, where the review panel shows it.
    const auto events = findEvents(SidecarFile::load(cloneRecording("rich-note")).results);
    QVERIFY2(!events.empty(), "the recording has no event to note");
    const std::int64_t firstEvent = events.front().frame;
    test::writeText(recordings_ / "rich-note.review.json",
                    json{{"schema", "endoverlay.review/1"}, {"verdict", "disagree"},
                         {"notes", {{{"frame", firstEvent}, {"text", "<b>bold</b><img src=\"file:///etc/passwd\">"}}}}}
                        .dump());
    cloneRecording("bad-review");
    test::writeText(recordings_ / "bad-review.review.json", R"({"schema": "endoverlay.review/1", "verdict": 3, "notes": []})");

    test::writeNonFiniteModels(root_ / "models-nan", 1.0, 0.0);
    test::copyBundledModels(root_ / "models-two-cyst");
    fs::copy_file(root_ / "models-two-cyst" / "eus-cyst-demo.json", root_ / "models-two-cyst" / "eus-cyst-site.json");
    editJson(root_ / "models-two-cyst" / "eus-cyst-site.json", [](json& card) { card["name"] = "eus-cyst-site"; });
    test::copyBundledModels(root_ / "models-tiny-std");
    editJson(root_ / "models-tiny-std" / "ercp-ampulla-demo.json", [](json& card) { card["input"]["std"][0] = 1e-30; });
    test::writeText(root_ / "amber-above-red.json", R"({"difficulty_amber": {"on": 0.7, "off": 0.3}})");
    test::writeText(root_ / "unknown-key.json", R"({"lost_after": 200})");
    fs::create_directories(root_ / "set");
    test::writeText(root_ / "set" / "dataset.json",
                    R"({"schema": "endoverlay.eval-set/1", "frames": [{"image": "../../etc/hostname", "box": null, "label": null}]})");
    fs::copy_file(test::ercpDemoClip(), root_ / "clip.mp4");
  }

  void nanModelGivesInvalidResultsAndNoWarning() {
    const fs::path out = root_ / "nan.jsonl";
    expect({"analyze", qPath(root_ / "clip.mp4"), "--models", qPath(root_ / "models-nan"), "--out", qPath(out)}, 0,
           "analysed 625 frames", {"nan.jsonl"});
    int lines = 0;
    std::istringstream in(test::readText(out));
    for (std::string line; std::getline(in, line); ++lines) {
      const json result = json::parse(line);
      QVERIFY2(result.at("heads").size() == 1, "these models have no difficulty head, so no warning is ever written");
      const json& ampulla = result.at("heads")[0];
      QCOMPARE(ampulla.at("id"), "ampulla");
      QCOMPARE(ampulla.at("invalid"), true);
      QVERIFY(ampulla.at("shown_box").is_null());
    }
    QCOMPARE(lines, 625);
  }

  void refusedModelsAndSettingsNameTheProblem() {
    const QString clip = qPath(root_ / "clip.mp4");
    const QString out = qPath(root_ / "never.jsonl");
    expect({"analyze", clip, "--out", out, "--models", qPath(root_ / "models-two-cyst"), "--mode", "eus"}, 1,
           "both serve cyst_type");
    expect({"analyze", clip, "--out", out, "--models", qPath(root_ / "models-tiny-std")}, 1,
           "ercp-ampulla-demo.json: input.std[0]: must be a number from 0.000001");
    expect({"analyze", clip, "--out", out, "--settings", qPath(root_ / "amber-above-red.json")}, 1,
           "difficulty_amber.on: must not be above difficulty_red.on");
    expect({"analyze", clip, "--out", out, "--settings", qPath(root_ / "unknown-key.json")}, 1,
           "lost_after: is not a known field");
  }

  void damagedRecordingsExportOrAreRefusedClearly() {
    expect({"export", qPath(recording_["typed-frame"]), "--frame", "100", "--png", qPath(root_ / "typed.png")}, 0,
           "skipped 1 line(s), the first at line 2: frame: must be a whole number", {"typed.png"});
    expect({"report", qPath(recording_["typed-header"]), "--html", qPath(root_ / "header.html")}, 1,
           "no readable header (line 1: mode: must be text)");
    expect({"export", qPath(recording_["cut-short"]), "--frame", "10", "--png", qPath(root_ / "cut.png")}, 0,
           "not JSON (cut short?)", {"cut.png"});
  }

  void hostileArgumentsAreRefused() {
    expect({"analyze", qPath(root_ / "clip.mp4"), "--out", qPath(root_ / "clip.mp4")}, 2, "is one of the inputs");
    expect({"record", "test:", "--out", qPath(recordings_), "--procedure-id", "../../escape"}, 2, "a procedure ID is");
    expect({"eval", qPath(root_ / "set")}, 1, "frames[0].image: must be a path inside the set's folder");
  }

  // The window: one damaged recording hides none of the others, and file text is never read as rich text.
  void libraryListsEveryRecordingWithItsProblem() {
    const auto before = snapshot(root_);
    const auto engine = openWindow(QStringLiteral("ReplayWindow.qml"),
                                   {{"file", ""}, {"folder", qPath(recordings_)}, {"mode", ""}, {"protocolsDirectory", ""}, {"modelsDirectory", ""},
                                    {"device", "auto"}, {"cpuThreads", 0}, {"rerunModels", false}, {"startFrame", 0}});
    QQuickWindow* window = windowOf(*engine);
    QVERIFY(window && QTest::qWaitForWindowExposed(window));
    auto* library = window->findChild<RecordingLibraryModel*>(QStringLiteral("library"));
    QCOMPARE(library->count(), static_cast<int>(recording_.size()));
    std::map<QString, QString> problems;
    for (int row = 0; row < library->count(); ++row) {
      const QModelIndex index = library->index(row);
      problems[QFileInfo(library->data(index, RecordingLibraryModel::VideoRole).toString()).completeBaseName()] =
          library->data(index, RecordingLibraryModel::ProblemRole).toString();
    }
    QVERIFY2(problems[QStringLiteral("typed-frame")].contains("frame: must be a whole number"), qPrintable(problems["typed-frame"]));
    QVERIFY(problems[QStringLiteral("bad-review")].contains("verdict: must be text"));
    QVERIFY(problems[QStringLiteral("no-video")].contains("no-video.mkv is missing"));
    QVERIFY(problems[QStringLiteral("rich-note")].isEmpty());
    QTest::qWait(300);
    QVERIFY(test::richTextItems(window->contentItem()).isEmpty());

    // Replay of the recording with a wrongly typed line: it opens, says what it skipped, and plays.
    auto* replay = window->findChild<ReplayController*>(QStringLiteral("replay"));
    replay->setFile(qPath(recording_["typed-frame"]));
    QTRY_VERIFY_WITH_TIMEOUT(replay->opened(), 10'000);
    QVERIFY2(replay->sidecarNotice().contains("skipped 1 line(s)"), qPrintable(replay->sidecarNotice()));
    replay->seek(140);
    QTRY_COMPARE_WITH_TIMEOUT(replay->frameIndex(), qint64{140}, 10'000);
    // The note with markup shows as the characters it is.
    replay->setFile(qPath(recording_["rich-note"]));
    QTRY_VERIFY_WITH_TIMEOUT(replay->opened(), 10'000);
    QTest::qWait(300);
    QVERIFY(test::richTextItems(window->contentItem()).isEmpty());
    window->grabWindow().save(QStringLiteral(ENDOVERLAY_TEST_OUTPUT "/bad_input_library.png"));
    QVERIFY(snapshot(root_) == before);
  }

  void liveWindowShowsInvalidOutputAndNoWarning() {
    const auto engine = openWindow(QStringLiteral("Main.qml"),
                                   {{"source", qPath(root_ / "clip.mp4")}, {"mode", "ercp"}, {"protocolsDirectory", ""},
                                    {"modelsDirectory", qPath(root_ / "models-nan")}, {"settingsFile", ""},
                                    {"device", "auto"}, {"cpuThreads", 0}, {"explain", false}, {"recordingsFolder", ""},
                                    {"recordAtStart", false}});
    QQuickWindow* window = windowOf(*engine);
    QVERIFY(window && QTest::qWaitForWindowExposed(window));
    auto* controller = window->findChild<VideoController*>(QStringLiteral("controller"));
    QTRY_VERIFY_WITH_TIMEOUT(controller->invalidResults() > 20, 30'000);
    QQuickItem* line = test::findItem(window->contentItem(), QStringLiteral("invalidOutput"));
    QVERIFY(line && line->isVisible());
    QVERIFY2(line->property("text").toString().startsWith("model output invalid: ampulla"),
             qPrintable(line->property("text").toString()));
    QVERIFY(controller->readout()->trafficLight() == OverlayReadout::Light::Off);
    QVERIFY(!controller->readout()->detectionShown());
    QVERIFY(test::richTextItems(window->contentItem()).isEmpty());
    window->grabWindow().save(QStringLiteral(ENDOVERLAY_TEST_OUTPUT "/bad_input_invalid_output.png"));
  }
};

QTEST_MAIN(BadInputTest)
#include "BadInputTest.moc"
