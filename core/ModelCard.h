#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/InferenceResult.h"
#include "core/ModelTask.h"

namespace endoverlay {

// Any problem with a model card or the model it names. The message names the
// file and says what is wrong, so it can be shown to the user as it is.
class ModelCardError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ColourOrder { Rgb, Bgr, Grey };

// A square region cut around an earlier head's box (schema field
// input.region_of_interest); the difficulty head uses the ampulla box.
struct RegionOfInterest {
  std::string around;
  double scale = 1.0;
};

struct InputSpec {
  int width = 0;
  int height = 0;
  int channels = 0;
  ColourOrder colourOrder = ColourOrder::Rgb;
  std::vector<float> mean;
  std::vector<float> std;
  std::optional<RegionOfInterest> regionOfInterest;
};

struct OutputSpec {
  std::string name;
  std::vector<std::int64_t> shape;
};

// A model card (schema endoverlay.model-card/1): what a TorchScript file
// expects, returns and was trained on. See training/endoverlay_training/model_card.py.
struct ModelCard {
  std::filesystem::path cardPath;
  std::filesystem::path modelPath;
  std::string name;
  std::string version;
  std::string sha256;      // of the model file, as the card states it
  std::string cardSha256;  // of the card's own bytes, so an edited card is never taken for the original
  ModelTask task = ModelTask::AmpullaSoftMask;
  InputSpec input;
  std::vector<OutputSpec> outputs;
  std::vector<std::string> labels;
  double boxThreshold = 0.6;
  double displayThreshold = 0.5;
  std::vector<std::string> difficultClasses;  // cannulation_difficulty: the labels that mean "difficult"
  std::string gradCamMethod;  // the model method from feature map (second output) to logits; empty: no Grad-CAM
  std::string trainingData;
  bool halfPrecision = false;  // its author checked float16 inference agrees; used on CUDA only

  ModelIdentity identity() const { return {name, version, sha256, cardSha256}; }

  // Reads and validates a card; throws ModelCardError "model card PATH:
  // FIELD: problem". The model file must exist beside the card; its checksum
  // is checked when the engine loads it.
  static ModelCard load(const std::filesystem::path& cardPath);
  // The card's text alone, every field range-checked; nothing is read from
  // disk. `cardPath` names the card in messages and places the model file.
  static ModelCard parse(const std::string& text, const std::filesystem::path& cardPath);
};

}  // namespace endoverlay
