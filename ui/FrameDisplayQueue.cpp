#include "ui/FrameDisplayQueue.h"

#include <QMetaObject>

#include <cstring>

namespace endoverlay {
namespace {

// Rows of `rowBytes` from packed memory into one plane of a mapped QVideoFrame; returns where the next plane starts.
const std::uint8_t* copyPlane(QVideoFrame& video, int plane, const std::uint8_t* from, std::size_t rowBytes, int rows) {
  for (int row = 0; row < rows; ++row, from += rowBytes)
    std::memcpy(video.bits(plane) + static_cast<qsizetype>(row) * video.bytesPerLine(plane), from, rowBytes);
  return from;
}

// I420 goes to the screen as it is, and the scene graph converts it to RGB
// on the GPU with the source's colorimetry: a third of BGRx's bytes to copy
// and upload, and no conversion on the CPU.
QVideoFrame toVideoFrame(const Frame& frame) {
  const cv::Size size = frame.size();
  const bool i420 = frame.bgrx.empty();
  QVideoFrameFormat format(QSize(size.width, size.height),
                           i420 ? QVideoFrameFormat::Format_YUV420P : QVideoFrameFormat::Format_BGRX8888);
  if (i420) {
    format.setColorSpace(frame.yuv.matrix == YuvMatrix::Bt709 ? QVideoFrameFormat::ColorSpace_BT709
                                                              : QVideoFrameFormat::ColorSpace_BT601);
    format.setColorRange(frame.yuv.fullRange ? QVideoFrameFormat::ColorRange_Full : QVideoFrameFormat::ColorRange_Video);
  }
  QVideoFrame video(format);
  if (!video.map(QVideoFrame::WriteOnly)) return {};
  if (i420) {
    const std::uint8_t* from = copyPlane(video, 0, frame.i420.data, size.width, size.height);
    from = copyPlane(video, 1, from, size.width / 2, size.height / 2);
    copyPlane(video, 2, from, size.width / 2, size.height / 2);
  } else {
    const std::size_t rowBytes = static_cast<std::size_t>(size.width) * 4;
    for (int row = 0; row < size.height; ++row)
      std::memcpy(video.bits(0) + static_cast<qsizetype>(row) * video.bytesPerLine(0), frame.bgrx.ptr(row), rowBytes);
  }
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
