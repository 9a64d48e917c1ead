#pragma once

#include <filesystem>

#include "core/Frame.h"

namespace endoverlay::test {

// Frame `index` of a video, decoded through the real GStreamer source.
Frame decodeFrame(const std::filesystem::path& video, std::int64_t index);

}  // namespace endoverlay::test
