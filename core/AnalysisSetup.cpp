#include "core/AnalysisSetup.h"

#include "core/InferenceStage.h"
#include "core/ModelDirectory.h"
#include "core/ProtocolDirectory.h"
#include "core/ResourcePaths.h"
#include "core/StabilitySettings.h"

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
