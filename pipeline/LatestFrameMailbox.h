#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/analysis/Frame.h"

namespace endoverlay {

// Holds at most one frame: a new frame replaces one nobody has taken yet.
// put() never waits, so the video thread is never held by inference.
class LatestFrameMailbox {
 public:
  void put(Frame frame);
  // Waits for a frame; empty once closed.
  std::optional<Frame> take();
  void close();
  std::int64_t replaced() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::optional<Frame> frame_;
  bool closed_ = false;
  std::int64_t replaced_ = 0;
};

}  // namespace endoverlay
