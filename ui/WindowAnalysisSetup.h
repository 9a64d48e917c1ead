#pragma once

#include <QString>
#include <QStringList>

#include "core/analysis/AnalysisSetup.h"

namespace endoverlay {

// The models setup from a window's properties (empty texts: the defaults),
// for the live and the replay window alike. Throws std::invalid_argument on
// a device other than auto, cpu or cuda.
AnalysisSetup windowAnalysisSetup(const QString& protocolsDirectory, const QString& modelsDirectory,
                                  const QStringList& chosenModels, const QString& device, int cpuThreads,
                                  const QString& settingsFile);

// The folder recordings, and studies' reviews, exports and reports go to: `given`, or ~/Videos/Endoverlay.
QString recordingsFolderOr(const QString& given);

}  // namespace endoverlay
