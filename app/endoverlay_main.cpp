#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include "core/Version.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("endoverlay"));
  QGuiApplication::setApplicationVersion(QString::fromLatin1(endoverlay::kAppVersion));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Real-time AI overlay for endoscopy video. The bundled models are synthetic demos, not for clinical use."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption source(QStringLiteral("source"),
                                  QStringLiteral("File, URI, v4l2:///dev/videoN or test: (default: the bundled ERCP demo clip)."),
                                  QStringLiteral("source"));
  const QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("ercp or eus (switch with M in the window)."),
                                QStringLiteral("mode"), QStringLiteral("ercp"));
  const QCommandLineOption models(QStringLiteral("models"), QStringLiteral("Directory of model cards (default: bundled)."),
                                  QStringLiteral("dir"));
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
  const QCommandLineOption frame(QStringLiteral("frame"), QStringLiteral("In replay, open on this frame."),
                                 QStringLiteral("n"), QStringLiteral("0"));
  parser.addOptions({source, mode, models, settings, device, threads, explain, recordings, record, replay, library, rerun,
                     frame, screenshot, after});
  parser.process(app);

  QQmlApplicationEngine engine;
  if (parser.isSet(replay) || parser.isSet(library)) {
    const QString file = parser.isSet(replay) ? QFileInfo(parser.value(replay)).absoluteFilePath() : QString();
    const QString folder = parser.isSet(library) ? QFileInfo(parser.value(library)).absoluteFilePath()
                                                 : QFileInfo(file).absolutePath();
    engine.setInitialProperties({{QStringLiteral("file"), file},
                                 {QStringLiteral("folder"), folder},
                                 {QStringLiteral("mode"), parser.value(mode)},
                                 {QStringLiteral("modelsDirectory"), parser.value(models)},
                                 {QStringLiteral("device"), parser.value(device)},
                                 {QStringLiteral("cpuThreads"), parser.value(threads).toInt()},
                                 {QStringLiteral("rerunModels"), parser.isSet(rerun)},
                                 {QStringLiteral("startFrame"), parser.value(frame).toInt()}});
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/Review.qml")));
  } else {
    engine.setInitialProperties({{QStringLiteral("source"), parser.value(source)},
                                 {QStringLiteral("mode"), parser.value(mode)},
                                 {QStringLiteral("modelsDirectory"), parser.value(models)},
                                 {QStringLiteral("settingsFile"), parser.value(settings)},
                                 {QStringLiteral("device"), parser.value(device)},
                                 {QStringLiteral("cpuThreads"), parser.value(threads).toInt()},
                                 {QStringLiteral("explain"), parser.isSet(explain)},
                                 {QStringLiteral("recordingsFolder"), parser.value(recordings)},
                                 {QStringLiteral("recordAtStart"), parser.isSet(record)}});
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/Main.qml")));
  }
  if (engine.rootObjects().isEmpty()) return 1;
  if (parser.isSet(screenshot)) {
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    QTimer::singleShot(static_cast<int>(parser.value(after).toDouble() * 1000), window, [&, window] {
      const bool saved = window->grabWindow().save(parser.value(screenshot));
      if (!saved) qCritical("cannot write %s", qPrintable(parser.value(screenshot)));
      QGuiApplication::exit(saved ? 0 : 1);
    });
  }
  return QGuiApplication::exec();
}
