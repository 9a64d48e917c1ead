#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/recording/RecordingEvents.h"
#include "core/recording/SidecarFile.h"
#include "ui/OverlayReadout.h"

namespace endoverlay {

// Replay's overlay "as shown when recorded": a recording's sidecar, read
// once (SidecarFile), gives each frame the result the live view showed on it
// and the recording's events for the timeline. A plain video has none.
class RecordedOverlay {
 public:
  // Reads the sidecar beside `video`, when there is one. A sidecar that
  // cannot be read leaves none, and notice() says why.
  void load(const std::filesystem::path& video);
  void clear();

  bool loaded() const { return loaded_; }
  const RecordingHeader& header() const { return sidecar_.header; }
  const std::vector<RecordingEvent>& events() const { return events_; }
  // Why the overlay may be incomplete: a damaged or unreadable sidecar; empty otherwise.
  const QString& notice() const { return notice_; }

  // Puts on `readout` the result the live view showed on `frame`, sized for
  // `frameSize`, or nothing before the first; leaves it alone while that
  // result stays the same.
  void showAt(std::int64_t frame, QSize frameSize, OverlayReadout& readout);
  // The next showAt() puts its result on the readout even if it is the one shown last.
  void forgetShown() { shown_.reset(); }

 private:
  bool loaded_ = false;
  SidecarFile sidecar_;
  std::vector<RecordingEvent> events_;
  QString notice_;
  std::optional<std::ptrdiff_t> shown_;  // index into sidecar_.results; -1 before the first; none: not shown yet
};

}  // namespace endoverlay
