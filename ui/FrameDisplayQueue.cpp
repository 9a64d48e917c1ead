#include "ui/FrameDisplayQueue.h"

#include <QMetaObject>
#include <QQuickItem>

#include <cstring>
#include <functional>
#include <optional>
#include <utility>

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

// An invisible item in the pacing window: the window polishes it just before it synchronises the scene for
// a render, and changes made there go into that render.
class PolishHook : public QQuickItem {
 public:
  PolishHook(QQuickItem* parent, std::function<void()> onPolish) : QQuickItem(parent), onPolish_(std::move(onPolish)) {}

 protected:
  void updatePolish() override { onPolish_(); }

 private:
  std::function<void()> onPolish_;
};

}  // namespace

QQuickWindow* windowShowing(const QVideoSink* sink) {
  const auto* item = sink ? qobject_cast<const QQuickItem*>(sink->parent()) : nullptr;
  return item ? item->window() : nullptr;
}

// The hook calls back into this queue; it must not outlive it.
FrameDisplayQueue::~FrameDisplayQueue() { delete hook_.data(); }

void FrameDisplayQueue::paceBy(QQuickWindow* window) {
  if (window && hook_ && hook_->window() == window) return;
  delete hook_.data();
  if (!window) return;
  hook_ = new PolishHook(window->contentItem(), [this] { showNext(); });
  bool waiting = false;
  {
    const std::lock_guard lock(mutex_);
    waiting = !waiting_.empty();
  }
  if (waiting) hook_->polish();
}

void FrameDisplayQueue::clear() {
  const std::lock_guard lock(mutex_);
  waiting_.clear();
}

void FrameDisplayQueue::push(const Frame& frame) {
  Shown shown{toVideoFrame(frame), frame.index, frame.arrival, frame.ptsNs};
  bool post = false;
  {
    const std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(shown));
    if (waiting_.size() > kMostWaiting) waiting_.pop_front();
    post = !std::exchange(arrivalPosted_, true);
  }
  if (post) QMetaObject::invokeMethod(context_, [this] { arrived(); }, Qt::QueuedConnection);
}

void FrameDisplayQueue::arrived() {
  std::optional<Shown> newest;
  {
    const std::lock_guard lock(mutex_);
    arrivalPosted_ = false;
    if (!hook_ && !waiting_.empty()) {
      newest = std::move(waiting_.back());
      waiting_.clear();
    }
  }
  if (hook_) hook_->polish();
  if (newest) show_(std::move(*newest));
}

void FrameDisplayQueue::showNext() {
  std::optional<Shown> next;
  bool more = false;
  {
    const std::lock_guard lock(mutex_);
    if (waiting_.empty()) return;
    next = std::move(waiting_.front());
    waiting_.pop_front();
    more = !waiting_.empty();
  }
  show_(std::move(*next));
  // Asked for once this polish is over, the next frame gets a render of its own.
  if (more) QMetaObject::invokeMethod(context_, [this] { if (hook_) hook_->polish(); }, Qt::QueuedConnection);
}

}  // namespace endoverlay
