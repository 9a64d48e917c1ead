#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace endoverlay {

// One recording as the QA library lists it, from its sidecar and review.
struct RecordingSummary {
  std::filesystem::path video;    // STEM.mkv; may be missing, see problem
  std::filesystem::path sidecar;  // STEM.results.jsonl
  std::string procedureId;
  std::string startedUtc;
  std::string mode;
  double durationSeconds = 0;         // up to the last result
  std::vector<std::string> models;    // describe(ModelIdentity), each once, in order of appearance
  int warnings = 0;                   // times the difficulty warning came on
  int events = 0;
  bool reviewed = false;              // a verdict is saved beside it
  std::string problem;                // damaged sidecar, missing video or unreadable review; empty when none
};

// Every recording in `folder` (each STEM.results.jsonl), newest first. A
// damaged recording is listed with its problem, not left out; only a folder
// that cannot be read is an error (std::runtime_error).
std::vector<RecordingSummary> scanRecordings(const std::filesystem::path& folder);

}  // namespace endoverlay
