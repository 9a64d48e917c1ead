#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/Frame.h"
#include "core/InferenceResult.h"

namespace endoverlay::test {

// One line of a clip's ground truth (resources/clips/*.truth.jsonl).
struct TruthLine {
  std::int64_t frame = -1;
  std::optional<Box> box;
  std::optional<std::string> label;  // ERCP: the cannulation outcome; EUS: MCN or SCN
};

std::vector<TruthLine> loadTruth(const std::filesystem::path& path);
double intersectionOverUnion(const Box& a, const Box& b);

// Frame `index` of a video, decoded through the real GStreamer source.
Frame decodeFrame(const std::filesystem::path& video, std::int64_t index);

}  // namespace endoverlay::test
