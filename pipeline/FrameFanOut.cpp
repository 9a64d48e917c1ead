#include "pipeline/FrameFanOut.h"

#include "pipeline/InferenceWorker.h"

namespace endoverlay {

FrameFanOut::FrameFanOut(FrameSink display, FrameSink recorder)
    : display_(std::move(display)), recorder_(std::move(recorder)) {}

void FrameFanOut::push(const Frame& frame) {
  if (display_) display_(frame);
  if (recorder_) recorder_(frame);
  const std::lock_guard lock(workerMutex_);
  if (worker_) worker_->submit(frame);
}

void FrameFanOut::setWorker(InferenceWorker* worker) {
  const std::lock_guard lock(workerMutex_);
  worker_ = worker;
}

}  // namespace endoverlay
