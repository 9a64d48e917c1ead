#pragma once

#include <filesystem>

#include <QString>
#include <QStringList>

namespace endoverlay::test {

// endoverlay-cli run to the end (ENDOVERLAY_CLI names the binary).
struct CliRun {
  int exitCode = -1;  // -1 when it crashed or was killed after 4 minutes
  QString out;
  QString err;
};

CliRun runCli(const QStringList& args);

QString qPath(const std::filesystem::path& path);

}  // namespace endoverlay::test
