#include "core/analysis/AnalysisSetup.h"

#include "core/analysis/InferenceStage.h"
#include "core/model/ModelDirectory.h"
#include "core/protocol/ProtocolDirectory.h"
#include "core/support/ResourcePaths.h"
#include "core/stability/StabilitySettings.h"

namespace endoverlay {

std::filesystem::path AnalysisSetup::models() const {
  return modelsDirectory.empty() ? bundledModelsDirectory() : modelsDirectory;
}

std::vector<ModelCard> AnalysisSetup::cards() const { return loadModelCards(models(), chosenModels); }

std::vector<Protocol> AnalysisSetup::protocols() const {
  return loadProtocols(bundledProtocolsDirectory(), protocolsDirectory);
}

std::unique_ptr<InferenceStage> AnalysisSetup::makeStage(const std::string& protocolId) const {
  const StabilitySettings stability = settingsFile.empty() ? StabilitySettings{} : StabilitySettings::load(settingsFile);
  return std::make_unique<InferenceStage>(protocols(), cards(), engine, protocolId, stability);
}

}  // namespace endoverlay
