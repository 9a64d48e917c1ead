#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/model/EngineOptions.h"
#include "core/model/ModelCard.h"
#include "core/protocol/Protocol.h"

namespace endoverlay {

class InferenceStage;

// What the models are and how they run, as the user gave it on a command
// line or in the window: the one place an InferenceStage is set up from the
// protocols, the models folder, the chosen cards, the device and threads,
// and the settings file, for the live view, replay with models, analyze,
// record, eval and bench.
struct AnalysisSetup {
  std::filesystem::path protocolsDirectory;  // a site's protocols, beside the bundled ones; empty: none
  std::filesystem::path modelsDirectory;  // empty: the bundled models
  std::vector<std::string> chosenModels;  // card names that settle two cards for one task
  EngineOptions engine;
  std::filesystem::path settingsFile;     // warning thresholds and times; empty: the defaults

  // The models folder in use.
  std::filesystem::path models() const;
  // Its cards, as loadModelCards reads them; throws ModelCardError.
  std::vector<ModelCard> cards() const;
  // The bundled protocols and the site's; throws ProtocolError.
  std::vector<Protocol> protocols() const;
  // The stage running protocol `protocolId` first. Throws ModelCardError,
  // ProtocolError, std::invalid_argument (no such protocol) or
  // std::runtime_error (settings) with a message for the user.
  std::unique_ptr<InferenceStage> makeStage(const std::string& protocolId) const;
};

}  // namespace endoverlay
