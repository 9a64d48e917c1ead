#include "support/CliRun.h"

#include <QProcess>

namespace endoverlay::test {

CliRun runCli(const QStringList& args) {
  QProcess process;
  process.start(QStringLiteral(ENDOVERLAY_CLI), args);
  if (!process.waitForFinished(240'000)) process.kill();
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QString qPath(const std::filesystem::path& path) { return QString::fromStdString(path.string()); }

}  // namespace endoverlay::test
