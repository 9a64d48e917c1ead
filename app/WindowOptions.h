#pragma once

#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace endoverlay {

// Which window the command line opens.
enum class WindowKind {
  Live,    // Main.qml: a video source with the overlay
  Review,  // ReplayWindow.qml: a recording or the QA library
  Study,   // StudyWindow.qml: a CT or MR study's slices (--study)
};

// The window's command line, parsed and checked once, before any GUI exists:
// the QML properties of the window it opens. --help and --version, and an option the parser
// refuses, leave exitText and exitCode (0, or 2 for a usage error) instead.
struct WindowOptions {
  WindowKind kind = WindowKind::Live;
  QVariantMap windowProperties;
  QString screenshot;  // --screenshot: save the window here and quit
  double screenshotAfterSeconds = 8;
  bool showSourceNames = false;  // --show-source-names: paths and URIs in logs and the title, for engineering
  QString exitText;
  int exitCode = 0;

  // `arguments` starts with the program's name, as argv does.
  static WindowOptions parse(const QStringList& arguments);
};

}  // namespace endoverlay
