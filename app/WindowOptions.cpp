#include "app/WindowOptions.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRectF>

#include <stdexcept>

#include "core/analysis/FrameRegion.h"
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
                                QStringLiteral("A protocol: ercp, eus, ceus, ct-renal-mass, mri-cirrhosis, or one in --protocols (M switches in the window)."),
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
                                      QStringLiteral("Folder for recordings (R starts and stops), and for studies' reviews, pictures and "
                                                     "reports (default: ~/Videos/Endoverlay)."),
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
  const QCommandLineOption study(QStringLiteral("study"),
                                 QStringLiteral("Open a CT or MR study: a folder of DICOM slices, or one slice's file "
                                                "(--mode ct-renal-mass or mri-cirrhosis; default: the first that reads it)."),
                                 QStringLiteral("dir"));
  const QCommandLineOption region(QStringLiteral("region"),
                                  QStringLiteral("In a study, the region the heads read at first: X,Y,W,H in slice pixels "
                                                 "(a drag replaces it)."),
                                  QStringLiteral("x,y,w,h"));
  parser.addOptions({help, version, source, mode, protocols, models, model, settings, device, threads, explain, recordings, record,
                     aiOff, replay, library, rerun, frame, study, region, screenshot, after, showSourceNames});

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
    const Protocol protocol = protocolNamed(parser.value(mode).toStdString(), parser.value(protocols).toStdString());
    protocolId = QString::fromStdString(protocol.id);
    // Only a study's window reads studies, and only a video's window reads video.
    if (parser.isSet(mode) && protocol.study.has_value() != parser.isSet(study))
      return usageError(protocol.study ? QStringLiteral("--mode %1 reads CT or MR studies: open one with --study DIR").arg(protocolId)
                                       : QStringLiteral("--mode %1 reads video, not a study given with --study").arg(protocolId),
                        parser);
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
  if (int(parser.isSet(replay)) + int(parser.isSet(library)) + int(parser.isSet(study)) > 1)
    return usageError(QStringLiteral("--replay, --library and --study: give one"), parser);
  if (parser.isSet(study) && parser.isSet(source))
    return usageError(QStringLiteral("--study and --source: give one"), parser);
  if (parser.isSet(region) && !parser.isSet(study))
    return usageError(QStringLiteral("--region is for a study (--study); in the window, drag the region"), parser);
  QRectF firstRegion;
  if (parser.isSet(region)) {
    try {
      const Box box = parseRegion(parser.value(region).toStdString());
      firstRegion = QRectF(box.x, box.y, box.width, box.height);
    } catch (const std::invalid_argument& e) {
      return usageError(QStringLiteral("--region %1").arg(QString::fromUtf8(e.what())), parser);
    }
  }
  options.screenshot = parser.value(screenshot);
  options.showSourceNames = parser.isSet(showSourceNames);

  if (parser.isSet(replay) || parser.isSet(library)) options.kind = WindowKind::Review;
  if (parser.isSet(study)) options.kind = WindowKind::Study;
  // A study opens in the mode given, or in the first study protocol that reads it; the default mode is a video's.
  if (options.kind == WindowKind::Study && !parser.isSet(mode)) protocolId.clear();
  options.windowProperties = {{QStringLiteral("mode"), protocolId},
                              {QStringLiteral("protocolsDirectory"), parser.value(protocols)},
                              {QStringLiteral("modelsDirectory"), parser.value(models)},
                              {QStringLiteral("chosenModels"), parser.values(model)},
                              {QStringLiteral("device"), parser.value(device)},
                              {QStringLiteral("cpuThreads"), *threadCount}};
  if (options.kind == WindowKind::Study) {
    options.windowProperties.insert({{QStringLiteral("study"), QFileInfo(parser.value(study)).absoluteFilePath()},
                                     {QStringLiteral("explain"), parser.isSet(explain)},
                                     {QStringLiteral("recordingsFolder"), parser.value(recordings)},
                                     {QStringLiteral("firstRegion"), firstRegion}});
  } else if (options.kind == WindowKind::Review) {
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
