#include "pipeline/LatestFrameMailbox.h"

namespace endoverlay {

void LatestFrameMailbox::put(Frame frame) {
  {
    const std::lock_guard lock(mutex_);
    if (frame_) ++replaced_;
    frame_ = std::move(frame);
  }
  ready_.notify_one();
}

std::optional<Frame> LatestFrameMailbox::take() {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [this] { return closed_ || frame_.has_value(); });
  if (closed_) return std::nullopt;
  std::optional<Frame> taken = std::move(frame_);
  frame_.reset();
  return taken;
}

void LatestFrameMailbox::close() {
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

std::int64_t LatestFrameMailbox::replaced() const {
  const std::lock_guard lock(mutex_);
  return replaced_;
}

}  // namespace endoverlay
