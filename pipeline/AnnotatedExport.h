#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/dicom/DicomExport.h"
#include "core/recording/SidecarFile.h"

namespace endoverlay {

// A recording with the overlay its live view showed burned in: the newest
// result at or before each frame, from the recording's sidecar (see
// OverlayPainter). Both throw std::runtime_error (or SourceError) with a
// message for the user when the video, the frame or the output fails.
// DICOM exports carry new UIDs and the recording's procedure ID, nothing else
// that could identify anyone (core/dicom/DicomExport).

enum class ClipFormat {
  Mp4,    // H.264
  Dicom,  // Multi-frame True Colour Secondary Capture, JPEG baseline
};

struct SnapshotExport {
  std::int64_t frame = 0;
  std::int64_t ptsNs = 0;
  std::optional<std::int64_t> resultFrame;  // the frame of the result drawn on it; none when none was yet
};

// Frame `frame`, exactly.
SnapshotExport exportAnnotatedFrame(const std::filesystem::path& video, const SidecarFile& sidecar, std::int64_t frame,
                                    const std::filesystem::path& out, SnapshotFormat format);

// Frames `from` to `to` (inclusive; a negative `to` means the end), every
// frame, none dropped, at the recording's rate. Returns the number of frames written.
std::int64_t exportAnnotatedClip(const std::filesystem::path& video, const SidecarFile& sidecar, std::int64_t from,
                                 std::int64_t to, const std::filesystem::path& out, ClipFormat format);

}  // namespace endoverlay
