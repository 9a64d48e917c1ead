#include "ui/WindowAnalysisSetup.h"

#include <QStandardPaths>

namespace endoverlay {

AnalysisSetup windowAnalysisSetup(const QString& protocolsDirectory, const QString& modelsDirectory,
                                  const QStringList& chosenModels, const QString& device, int cpuThreads,
                                  const QString& settingsFile) {
  AnalysisSetup setup;
  setup.protocolsDirectory = protocolsDirectory.toStdString();
  setup.modelsDirectory = modelsDirectory.toStdString();
  for (const QString& name : chosenModels) setup.chosenModels.push_back(name.toStdString());
  setup.engine.device = parseDeviceChoice(device.isEmpty() ? std::string("auto") : device.toStdString());
  setup.engine.cpuThreads = cpuThreads;
  setup.settingsFile = settingsFile.toStdString();
  return setup;
}

QString recordingsFolderOr(const QString& given) {
  return given.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::MoviesLocation) + QStringLiteral("/Endoverlay")
                         : given;
}

}  // namespace endoverlay
