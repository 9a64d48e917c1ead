#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

#include "app/WindowOptions.h"
#include "core/Version.h"
#include "pipeline/SourceSpec.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

namespace {

QString windowFile(endoverlay::WindowKind kind) {
  switch (kind) {
    case endoverlay::WindowKind::Live: break;
    case endoverlay::WindowKind::Review: return QStringLiteral("ReplayWindow.qml");
    case endoverlay::WindowKind::Study: return QStringLiteral("StudyWindow.qml");
  }
  return QStringLiteral("Main.qml");
}

}  // namespace

int main(int argc, char** argv) {
  // The options are read before the GUI exists, so --help, --version and a
  // mistyped option answer without a display.
  QStringList arguments;
  for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
  const endoverlay::WindowOptions options = endoverlay::WindowOptions::parse(arguments);
  if (!options.exitText.isEmpty()) {
    std::fputs(qPrintable(options.exitText), options.exitCode == 0 ? stdout : stderr);
    return options.exitCode;
  }

  endoverlay::SourceSpec::showNames(options.showSourceNames);
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("endoverlay"));
  QGuiApplication::setApplicationVersion(QString::fromLatin1(endoverlay::kAppVersion));
  QQmlApplicationEngine engine;
  engine.setInitialProperties(options.windowProperties);
  engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/") + windowFile(options.kind)));
  if (engine.rootObjects().isEmpty()) return 1;
  if (!options.screenshot.isEmpty()) {
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    QTimer::singleShot(static_cast<int>(options.screenshotAfterSeconds * 1000), window, [&options, window] {
      const bool saved = window->grabWindow().save(options.screenshot);
      if (!saved) qCritical("cannot write %s", qPrintable(options.screenshot));
      QGuiApplication::exit(saved ? 0 : 1);
    });
  }
  return QGuiApplication::exec();
}
