#pragma once

#include <functional>
#include <mutex>

#include "core/analysis/Frame.h"

namespace endoverlay {

class InferenceWorker;

// Where each frame of a video goes, live and in replay alike: to the
// display (every frame, as it comes), to the recorder (every frame; it keeps
// those of a recording in progress) and to the newest-frame worker
// (InferenceWorker), whose models take the newest frame whenever they are
// free, so they never hold the picture back. push() may run on any thread
// (the source's, or the GUI's after a seek) and the worker be attached and
// detached meanwhile.
class FrameFanOut {
 public:
  using FrameSink = std::function<void(const Frame&)>;

  explicit FrameFanOut(FrameSink display, FrameSink recorder = {});

  void push(const Frame& frame);
  // The worker that gets the frames from now on; null for none. Once this
  // returns, the worker it replaces gets no more frames.
  void setWorker(InferenceWorker* worker);

 private:
  FrameSink display_;
  FrameSink recorder_;
  std::mutex workerMutex_;
  InferenceWorker* worker_ = nullptr;
};

}  // namespace endoverlay
