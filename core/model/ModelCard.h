#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/analysis/InferenceResult.h"
#include "core/analysis/WindowLevel.h"
#include "core/protocol/HeadKinds.h"

namespace endoverlay {

// Any problem with a model card or the model it names. The message names the
// file and says what is wrong, so it can be shown to the user as it is.
class ModelCardError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ColourOrder { Rgb, Bgr, Grey };

// How a model's first output becomes probabilities: per pixel or label on
// its own (sigmoid), or shared out over the labels (softmax).
enum class Activation { Sigmoid, Softmax };

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
  // How a still image's values (not a video's pixels) become the grey the model takes (SliceGrey): a CT
  // slice's Hounsfield units through a window (input.window), or an MR slice's signal, which has no fixed
  // scale, stretched between two percentiles of its own (input.intensity). At most one of them.
  std::optional<WindowLevel> window;
  std::optional<std::array<double, 2>> stretchPercentiles;
};

struct ClassDecision {
  std::size_t label = 0;  // index into the card's labels
  double cutoff = 0.5;
};

struct OutputSpec {
  std::string name;
  std::vector<std::int64_t> shape;
};

// A model card (schema endoverlay.model-card/1): what a TorchScript file
// expects, returns and was trained on, and which kind of head it is. See
// training/endoverlay_training/model_card.py and docs/protocols.md.
struct ModelCard {
  std::filesystem::path cardPath;
  std::filesystem::path modelPath;
  std::string name;
  std::string version;
  std::string sha256;      // of the model file, as the card states it
  std::string cardSha256;  // of the card's own bytes, so an edited card is never taken for the original
  std::string task;  // what the model does, as protocols ask for it: [a-z0-9_], at most 64
  HeadKind kind = HeadKind::SoftMaskLocaliser;
  Activation activation = Activation::Sigmoid;  // of the first output: a soft mask's is always sigmoid
  InputSpec input;
  std::vector<OutputSpec> outputs;
  std::vector<std::string> labels;
  double boxThreshold = 0.6;
  double displayThreshold = 0.5;  // a soft mask's peak to show its box; a segmenter's pixel probability to count it in
  // A classifier's labels grouped into a traffic light's warning (postprocess.difficult_classes); empty: none,
  // so the card drives no traffic light. A cannulation_difficulty card groups all labels but the first by default.
  std::vector<std::string> difficultClasses;
  std::size_t segmentedLabel = 1;  // a segmenter's label whose pixels make the region (postprocess.segment_label)
  // A classifier's operating point (postprocess.decision): its label is decided when its probability reaches
  // the cut-off, chosen on validation data (the Youden point), rather than when it is the largest.
  std::optional<ClassDecision> decision;
  // A classifier trained inside a segmenter's region: how many of its input pixels around the region stay in
  // view (postprocess.mask_margin_px), as in its training. None for a classifier that sees its whole input.
  std::optional<int> maskMarginPx;
  std::string gradCamMethod;  // the model method from feature map (second output) to logits; empty: no Grad-CAM
  std::string trainingData;
  bool halfPrecision = false;  // its author checked float16 inference agrees; used on CUDA only

  ModelIdentity identity() const { return {name, version, sha256, cardSha256}; }
  // Whether this card's model can drive `readout`: a soft-mask localiser a
  // heatmap box; a classifier a class badge, and a traffic light when it
  // groups labels; a segmenter a segmentation.
  bool drives(ReadoutKind readout) const;
  // Whether its model takes a still image's values (input.window or input.intensity), not a video's pixels.
  bool readsValues() const { return input.window || input.stretchPercentiles; }
  // The label a classifier's probabilities decide: the decision's label when its probability reaches the
  // cut-off, otherwise the most probable of the others; without a decision the most probable (first on ties).
  std::size_t decide(const std::vector<double>& probabilities) const;

  // Reads and validates a card; throws ModelCardError "model card PATH:
  // FIELD: problem". The model file must exist beside the card; its checksum
  // is checked when the engine loads it.
  static ModelCard load(const std::filesystem::path& cardPath);
  // The card's text alone, every field range-checked; nothing is read from
  // disk. `cardPath` names the card in messages and places the model file.
  static ModelCard parse(const std::string& text, const std::filesystem::path& cardPath);
};

}  // namespace endoverlay
