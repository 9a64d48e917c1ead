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
  const std::optional<std::ptrdiff_t> last = shown_;
  shown_ = index;
  if (!shown) {
    readout.clear();
    return;
  }
  // Playing on, the curve grows by the results since the last one shown; after a jump back it is built afresh.
  if (last && *last < index)
    for (std::ptrdiff_t skipped = *last + 1; skipped < index; ++skipped) readout.extendCurve(sidecar_.results[skipped]);
  else
    readout.setCurve(TimeIntensityCurve::shownWith(sidecar_.results, shown));
  InferenceResult result = *shown;
  result.frameSize = {frameSize.width(), frameSize.height()};
  readout.show(std::move(result), {});
}

}  // namespace endoverlay
