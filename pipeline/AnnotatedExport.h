#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/recording/SidecarFile.h"

namespace endoverlay {

// A recording with the overlay its live view showed burned in: the newest
// result at or before each frame, from the recording's sidecar (see
// OverlayPainter). Both throw std::runtime_error (or SourceError) with a
// message for the user when the video, the frame or the output fails.

struct SnapshotExport {
  std::int64_t frame = 0;
  std::int64_t ptsNs = 0;
  std::optional<std::int64_t> resultFrame;  // the frame of the result drawn on it; none when none was yet
};

// Frame `frame`, exactly, as PNG.
SnapshotExport exportAnnotatedPng(const std::filesystem::path& video, const SidecarFile& sidecar, std::int64_t frame,
                                  const std::filesystem::path& png);

// Frames `from` to `to` (inclusive; a negative `to` means the end) as H.264
// MP4, every frame, none dropped. Returns the number of frames written.
std::int64_t exportAnnotatedMp4(const std::filesystem::path& video, const SidecarFile& sidecar, std::int64_t from,
                                std::int64_t to, const std::filesystem::path& mp4);

}  // namespace endoverlay
