#pragma once

#include <filesystem>
#include <vector>

#include "core/analysis/Frame.h"

namespace endoverlay::test {

// Frame `index` of a video, decoded through the real GStreamer source.
Frame decodeFrame(const std::filesystem::path& video, std::int64_t index);

// The timestamps of every frame of a video, decoded to the end; throws
// PlaybackError where decoding fails.
std::vector<std::int64_t> decodeTimestamps(const std::filesystem::path& video);

}  // namespace endoverlay::test
