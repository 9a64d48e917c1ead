#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/EngineOptions.h"
#include "core/Mode.h"
#include "core/ModelCard.h"

namespace endoverlay {

class InferenceStage;

// What the models are and how they run, as the user gave it on a command
// line or in the window: the one place an InferenceStage is set up from the
// models folder, the chosen cards, the device and threads, and the settings
// file, for the live view, replay with models, analyze, record and bench.
struct AnalysisSetup {
  std::filesystem::path modelsDirectory;  // empty: the bundled models
  std::vector<std::string> chosenModels;  // card names that settle two cards for one task
  EngineOptions engine;
  std::filesystem::path settingsFile;     // warning thresholds and times; empty: the defaults

  // The models folder in use.
  std::filesystem::path models() const;
  // Its cards, as loadModelCards reads them; throws ModelCardError.
  std::vector<ModelCard> cards() const;
  // Throws ModelCardError or std::runtime_error (settings) with a message for the user.
  std::unique_ptr<InferenceStage> makeStage(Mode mode) const;
};

}  // namespace endoverlay
