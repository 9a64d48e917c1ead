#pragma once

#include <cstddef>
#include <filesystem>

namespace endoverlay {

// One self-contained HTML page about a recording, for QA: its procedure ID,
// date, mode, duration, app and model versions with SHA-256, the reviewer's
// verdict and notes, per-stage latency statistics, and every event (ampulla
// seen and lost, difficulty warning on and off, cyst type changes) with a
// thumbnail of its frame, overlay burned in. Returns the number of events.
// Throws std::runtime_error (or SourceError) with a message for the user.
std::size_t writeRecordingReport(const std::filesystem::path& video, const std::filesystem::path& htmlFile);

}  // namespace endoverlay
