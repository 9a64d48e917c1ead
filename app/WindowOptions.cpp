#include "app/WindowOptions.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <stdexcept>

#include "core/model/EngineOptions.h"
#include "core/protocol/ProtocolDirectory.h"
#include "core/Version.h"

namespace endoverlay {
namespace {

// The parser names the program from the application object, which does not exist yet.
QString helpOf(const QCommandLineParser& parser) {
  return parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("endoverlay"));
}

WindowOptions usageError(const QString& problem, const QCommandLineParser& parser) {
  WindowOptions options;
  options.exitText = QStringLiteral("endoverlay: %1\n%2").arg(problem, helpOf(parser));
  options.exitCode = 2;
  return options;
}

// A whole number in [least, most], or nothing when `text` is not one.
std::optional<int> wholeNumber(const QString& text, int least, int most) {
  bool ok = false;
  const int value = text.toInt(&ok);
  if (!ok || value < least || value > most) return std::nullopt;
  return value;
}

}  // namespace

WindowOptions WindowOptions::parse(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Real-time AI overlay for endoscopy video. The bundled models are synthetic demos, not for clinical use."));
  const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
  const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
  const QCommandLineOption source(QStringLiteral("source"),
                                  QStringLiteral("File, URI, v4l2:///dev/videoN or test: (default: the bundled ERCP demo clip)."),
                                  QStringLiteral("source"));
  const QCommandLineOption mode(QStringLiteral("mode"),
                                QStringLiteral("A protocol: ercp, eus, or one in --protocols (M switches in the window)."),
                                QStringLiteral("mode"), QStringLiteral("ercp"));
  const QCommandLineOption protocols(QStringLiteral("protocols"),
                                     QStringLiteral("A site's folder of protocols, beside the bundled ones."),
                                     QStringLiteral("dir"));
  const QCommandLineOption models(QStringLiteral("models"), QStringLiteral("Directory of model cards (default: bundled)."),
                                  QStringLiteral("dir"));
  const QCommandLineOption model(QStringLiteral("model"),
                                 QStringLiteral("Use the card with this name where two cards serve one task (repeatable)."),
                                 QStringLiteral("name"));
  const QCommandLineOption settings(QStringLiteral("settings"),
                                    QStringLiteral("Warning thresholds and times, JSON (default: built in)."),
                                    QStringLiteral("file"));
  const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("device"),
                                  QStringLiteral("auto"));
  const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("CPU inference threads (default: cores - 1)."),
                                   QStringLiteral("n"), QStringLiteral("0"));
  const QCommandLineOption explain(QStringLiteral("explain"), QStringLiteral("Start with Grad-CAM shown (G toggles it)."));
  const QCommandLineOption recordings(QStringLiteral("recordings"),
                                      QStringLiteral("Folder for recordings (R starts and stops; default: ~/Videos/Endoverlay)."),
                                      QStringLiteral("dir"));
  const QCommandLineOption record(QStringLiteral("record"), QStringLiteral("Start recording at once."));
  const QCommandLineOption aiOff(QStringLiteral("ai-off"),
                                 QStringLiteral("Start with the AI off: video only, no frame goes to the models (A switches it)."));
  const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                      QStringLiteral("Save the window to this PNG after --after seconds, then quit."),
                                      QStringLiteral("file"));
  const QCommandLineOption after(QStringLiteral("after"), QStringLiteral("Seconds before --screenshot (default 8)."),
                                 QStringLiteral("seconds"), QStringLiteral("8"));
  const QCommandLineOption replay(QStringLiteral("replay"),
                                  QStringLiteral("Replay a recording or any video file, with the library of its folder."),
                                  QStringLiteral("file"));
  const QCommandLineOption library(QStringLiteral("library"),
                                   QStringLiteral("Open the QA library of a recordings folder for replay and review."),
                                   QStringLiteral("dir"));
  const QCommandLineOption rerun(QStringLiteral("rerun-models"),
                                 QStringLiteral("In replay, draw what the current models say instead of the recorded results (A toggles it)."));
  const QCommandLineOption showSourceNames(
      QStringLiteral("show-source-names"),
      QStringLiteral("Name the source (path, URI without password) in logs and the title, for engineering; off by default."));
  const QCommandLineOption frame(QStringLiteral("frame"), QStringLiteral("In replay, open on this frame."),
                                 QStringLiteral("n"), QStringLiteral("0"));
  parser.addOptions({help, version, source, mode, protocols, models, model, settings, device, threads, explain, recordings, record,
                     aiOff, replay, library, rerun, frame, screenshot, after, showSourceNames});

  if (!parser.parse(arguments)) return usageError(parser.errorText(), parser);
  WindowOptions options;
  if (parser.isSet(help)) {
    options.exitText = helpOf(parser);
    return options;
  }
  if (parser.isSet(version)) {
    options.exitText = QStringLiteral("endoverlay %1\n").arg(QString::fromLatin1(kAppVersion));
    return options;
  }
  if (!parser.positionalArguments().isEmpty())
    return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()), parser);
  QString protocolId;
  try {
    protocolId = QString::fromStdString(
        protocolIdFor(parser.value(mode).toStdString(), parser.value(protocols).toStdString()));
  } catch (const std::invalid_argument& e) {
    return usageError(QStringLiteral("--mode: %1").arg(QString::fromUtf8(e.what())), parser);
  }
  try {
    parseDeviceChoice(parser.value(device).toStdString());
  } catch (const std::invalid_argument& e) {
    return usageError(QString::fromUtf8(e.what()), parser);
  }
  const std::optional<int> threadCount = wholeNumber(parser.value(threads), 0, 256);
  if (!threadCount) return usageError(QStringLiteral("--threads wants a whole number from 0 to 256"), parser);
  const std::optional<int> startFrame = wholeNumber(parser.value(frame), 0, 100'000'000);
  if (!startFrame) return usageError(QStringLiteral("--frame wants a whole number from 0"), parser);
  bool afterOk = false;
  options.screenshotAfterSeconds = parser.value(after).toDouble(&afterOk);
  if (!afterOk || !(options.screenshotAfterSeconds >= 0 && options.screenshotAfterSeconds <= 3600))
    return usageError(QStringLiteral("--after wants seconds from 0 to 3600"), parser);
  if (parser.isSet(replay) && parser.isSet(library))
    return usageError(QStringLiteral("--replay and --library: give one"), parser);
  options.screenshot = parser.value(screenshot);
  options.showSourceNames = parser.isSet(showSourceNames);

  options.reviewWindow = parser.isSet(replay) || parser.isSet(library);
  options.windowProperties = {{QStringLiteral("mode"), protocolId},
                              {QStringLiteral("protocolsDirectory"), parser.value(protocols)},
                              {QStringLiteral("modelsDirectory"), parser.value(models)},
                              {QStringLiteral("chosenModels"), parser.values(model)},
                              {QStringLiteral("device"), parser.value(device)},
                              {QStringLiteral("cpuThreads"), *threadCount}};
  if (options.reviewWindow) {
    const QString file = parser.isSet(replay) ? QFileInfo(parser.value(replay)).absoluteFilePath() : QString();
    options.windowProperties.insert({{QStringLiteral("file"), file},
                                     {QStringLiteral("folder"), parser.isSet(library)
                                                                    ? QFileInfo(parser.value(library)).absoluteFilePath()
                                                                    : QFileInfo(file).absolutePath()},
                                     {QStringLiteral("settingsFile"), parser.value(settings)},
                                     {QStringLiteral("rerunModels"), parser.isSet(rerun)},
                                     {QStringLiteral("startFrame"), *startFrame}});
  } else {
    options.windowProperties.insert({{QStringLiteral("source"), parser.value(source)},
                                     {QStringLiteral("settingsFile"), parser.value(settings)},
                                     {QStringLiteral("explain"), parser.isSet(explain)},
                                     {QStringLiteral("recordingsFolder"), parser.value(recordings)},
                                     {QStringLiteral("recordAtStart"), parser.isSet(record)},
                                     {QStringLiteral("aiOffAtStart"), parser.isSet(aiOff)}});
  }
  return options;
}

}  // namespace endoverlay
