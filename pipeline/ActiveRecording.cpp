#include "pipeline/ActiveRecording.h"

namespace endoverlay {

void ActiveRecording::start(std::shared_ptr<Recording> recording) {
  std::shared_ptr<Recording> previous;
  {
    const std::lock_guard lock(mutex_);
    previous = std::exchange(recording_, std::move(recording));
  }
  if (previous) previous->stop();
}

std::shared_ptr<Recording> ActiveRecording::stop() {
  std::shared_ptr<Recording> ended;
  {
    const std::lock_guard lock(mutex_);
    ended = std::move(recording_);
  }
  // Outside the lock: finishing the file must not hold up the frames.
  if (ended) ended->stop();
  return ended;
}

std::shared_ptr<Recording> ActiveRecording::current() const {
  const std::lock_guard lock(mutex_);
  return recording_;
}

void ActiveRecording::addFrame(const Frame& frame, double fps) {
  if (const auto recording = current()) recording->addFrame(frame, fps);
}

void ActiveRecording::addResult(const InferenceResult& result) {
  if (const auto recording = current()) recording->addResult(result);
}

}  // namespace endoverlay
