#pragma once

#include <QObject>
#include <QVideoFrame>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "core/analysis/Frame.h"

namespace endoverlay {

// Carries frames from the thread that decodes them to the GUI thread. The
// copy into a QVideoFrame happens on the pushing thread, and only the newest
// frame waits for the GUI, so a busy GUI skips frames instead of piling them
// up and the picture never falls behind.
class FrameDisplayQueue {
 public:
  struct Shown {
    QVideoFrame video;
    std::int64_t index = -1;
    SteadyTime arrival{};
  };
  using ShowCallback = std::function<void(Shown)>;  // GUI thread

  // `context` lives on the GUI thread and outlives the queue (its owner).
  FrameDisplayQueue(QObject* context, ShowCallback show) : context_(context), show_(std::move(show)) {}

  // Any thread.
  void push(const Frame& frame);

 private:
  void deliver();

  QObject* context_;
  ShowCallback show_;
  std::mutex mutex_;
  std::optional<Shown> pending_;
};

}  // namespace endoverlay
