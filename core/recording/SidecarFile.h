#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "core/analysis/InferenceResult.h"
#include "core/recording/RecordingHeader.h"

namespace endoverlay {

// A recording's sidecar as read back: the one reader of recorded results,
// for replay, exports, reports, events and the library. Every line is read
// under ResultJson's contract. A line that breaks it (cut short by a crash,
// a field of the wrong type, a number out of range, a frame before the one
// before) is skipped and the rest loads; `damage` then names the first
// such line and the count, for the user to see. Only a missing file or an
// unreadable header is an error (std::runtime_error naming the file).
struct SidecarFile {
  RecordingHeader header;
  std::vector<InferenceResult> results;  // in frame order; frameSize unset (the video has it)
  std::string damage;                    // empty when every line loaded

  static SidecarFile load(const std::filesystem::path& path);
  // The same from a stream; `name` names it in messages.
  static SidecarFile read(std::istream& in, const std::string& name);
};

// The result on screen while `frame` was shown: the newest one computed on
// that frame or before it; null before the first.
const InferenceResult* resultShownAt(const std::vector<InferenceResult>& results, std::int64_t frame);

// STEM.results.jsonl beside a recording's STEM.mkv.
std::filesystem::path sidecarPathFor(const std::filesystem::path& video);

}  // namespace endoverlay
