#pragma once

#include <QObject>
#include <QPointer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QVideoFrame>
#include <QVideoSink>

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "core/analysis/Frame.h"

namespace endoverlay {

// Carries frames from the thread that decodes them to the GUI thread. The
// copy into a QVideoFrame happens on the pushing thread.
//
// Paced by a window, a frame goes to the screen as the window polishes its
// items for the next render, one frame per render: a window that renders at
// the display's rate while a source sends at the same nominal rate sees two
// frames land between some renders and none between others, and showing only
// the newest would lose one of each such pair (a tenth of a 60 fps stream
// here). Up to kMostWaiting frames wait instead, so the picture is at most one
// frame later than the newest. Handing a frame on while the window polishes
// also keeps it to one render: a change made after the polish asks for another.
// Without a window (offscreen) each frame is handed on as it arrives, the
// newest winning when the GUI is busy.
class FrameDisplayQueue {
 public:
  struct Shown {
    QVideoFrame video;
    std::int64_t index = -1;
    SteadyTime arrival{};
    std::int64_t ptsNs = 0;
  };
  using ShowCallback = std::function<void(Shown)>;  // GUI thread

  // `context` lives on the GUI thread and outlives the queue (its owner).
  FrameDisplayQueue(QObject* context, ShowCallback show) : context_(context), show_(std::move(show)) {}
  ~FrameDisplayQueue();
  FrameDisplayQueue(const FrameDisplayQueue&) = delete;
  FrameDisplayQueue& operator=(const FrameDisplayQueue&) = delete;

  // GUI thread; null goes back to handing frames on as they arrive.
  void paceBy(QQuickWindow* window);

  bool paced() const { return !hook_.isNull(); }

  // Forgets the frames waiting: after a seek or a change of file they are no longer the picture to come.
  void clear();

  // Any thread.
  void push(const Frame& frame);

  static constexpr std::size_t kMostWaiting = 2;

 private:
  void arrived();
  void showNext();

  QObject* context_;
  ShowCallback show_;
  QPointer<QQuickItem> hook_;  // in the pacing window, which owns it
  std::mutex mutex_;
  std::deque<Shown> waiting_;
  bool arrivalPosted_ = false;
};

// The window a VideoOutput's sink draws into (the sink is the item's child);
// null for a bare sink or one not yet in a window.
QQuickWindow* windowShowing(const QVideoSink* sink);

}  // namespace endoverlay
