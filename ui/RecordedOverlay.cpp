#include "ui/RecordedOverlay.h"

namespace endoverlay {

void RecordedOverlay::clear() { *this = RecordedOverlay(); }

void RecordedOverlay::load(const std::filesystem::path& video) {
  clear();
  const std::filesystem::path path = sidecarPathFor(video);
  if (!std::filesystem::is_regular_file(path)) return;
  try {
    sidecar_ = SidecarFile::load(path);
  } catch (const std::exception& e) {
    notice_ = QStringLiteral("Recorded results unreadable: %1").arg(QString::fromUtf8(e.what()));
    return;
  }
  loaded_ = true;
  notice_ = QString::fromStdString(sidecar_.damage);
  events_ = findEvents(sidecar_.results);
}

void RecordedOverlay::showAt(std::int64_t frame, QSize frameSize, OverlayReadout& readout) {
  const InferenceResult* shown = resultShownAt(sidecar_.results, frame);
  const std::ptrdiff_t index = shown ? shown - sidecar_.results.data() : -1;
  if (shown_ == index) return;
  shown_ = index;
  if (!shown) {
    readout.clear();
    return;
  }
  InferenceResult result = *shown;
  result.frameSize = {frameSize.width(), frameSize.height()};
  readout.show(std::move(result), {});
}

}  // namespace endoverlay
