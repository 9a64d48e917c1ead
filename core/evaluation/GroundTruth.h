#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// What is known to be on one frame or image of a labelled set.
struct FrameTruth {
  std::int64_t frame = -1;
  std::optional<Box> box;            // the ampulla (ERCP) or the lesion (EUS), frame pixels; none when out of view
  std::optional<std::string> label;  // ERCP: the cannulation outcome; EUS: the cyst type; a model card label
  std::optional<Box> region;         // EUS: the region of interest a user would drag; none: the whole frame
};

// One JSON object: {"box": [x, y, w, h] or null, "label": name or null,
// optional "frame" and "region"}. Throws FieldError saying which field is
// wrong: a wrong type, a box without area or beyond a million pixels.
FrameTruth truthFromJson(const nlohmann::json& json);

// A clip's ground truth (*.truth.jsonl, one object per frame, in frame
// order). Throws std::runtime_error naming the file and line.
std::vector<FrameTruth> loadTruthLines(const std::filesystem::path& path);
// The same from a stream; `name` names it in messages.
std::vector<FrameTruth> readTruthLines(std::istream& in, const std::string& name);

}  // namespace endoverlay
