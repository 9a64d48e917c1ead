#include "ui/FrameDisplayQueue.h"

#include <QMetaObject>

#include <cstring>

namespace endoverlay {
namespace {

QVideoFrame toVideoFrame(const Frame& frame) {
  const QSize size(frame.bgrx.cols, frame.bgrx.rows);
  QVideoFrame video(QVideoFrameFormat(size, QVideoFrameFormat::Format_BGRX8888));
  if (!video.map(QVideoFrame::WriteOnly)) return {};
  const std::size_t rowBytes = static_cast<std::size_t>(size.width()) * 4;
  for (int row = 0; row < size.height(); ++row)
    std::memcpy(video.bits(0) + static_cast<qsizetype>(row) * video.bytesPerLine(0), frame.bgrx.ptr(row), rowBytes);
  video.unmap();
  video.setStartTime(frame.ptsNs / 1000);
  return video;
}

}  // namespace

void FrameDisplayQueue::push(const Frame& frame) {
  Shown shown{toVideoFrame(frame), frame.index, frame.arrival};
  bool alreadyQueued = false;
  {
    const std::lock_guard lock(mutex_);
    alreadyQueued = pending_.has_value();
    pending_ = std::move(shown);
  }
  if (!alreadyQueued) QMetaObject::invokeMethod(context_, [this] { deliver(); }, Qt::QueuedConnection);
}

void FrameDisplayQueue::deliver() {
  std::optional<Shown> shown;
  {
    const std::lock_guard lock(mutex_);
    shown.swap(pending_);
  }
  if (shown) show_(std::move(*shown));
}

}  // namespace endoverlay
