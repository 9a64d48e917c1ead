#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/evaluation/GroundTruth.h"
#include "core/support/JsonFields.h"

namespace endoverlay {

// What an image or study set's dataset.json (schema endoverlay.eval-set/1) says: the mode, and per frame
// the image or the DICOM study read at a slice position, with its truth. Paths are inside the set's folder.
struct EvalManifest {
  struct Entry {
    std::filesystem::path path;
    std::optional<double> sliceMm;  // a study's, read at the slice nearest this position; none for an image
  };
  std::optional<std::string> mode;
  std::vector<Entry> entries;
  std::vector<FrameTruth> truth;  // one per entry, its frame the entry's index
};

// Throws FieldError naming the field that is wrong.
EvalManifest parseEvalManifest(const nlohmann::json& manifest, const std::filesystem::path& folder);

// The optional "mode" of a set's manifest or a clip's description: a protocol id. Throws FieldError.
std::optional<std::string> evalSetMode(const JsonFields& fields);

}  // namespace endoverlay
