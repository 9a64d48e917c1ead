#pragma once

#include <memory>
#include <mutex>

#include "pipeline/Recording.h"

namespace endoverlay {

// The recording the live view feeds, if any. The GUI thread starts and
// stops it; the streaming thread (frames) and the inference thread
// (results) feed whichever recording is current without waiting on it.
class ActiveRecording {
 public:
  void start(std::shared_ptr<Recording> recording);
  // Ends the current recording, if any, and returns it (null when none).
  std::shared_ptr<Recording> stop();
  std::shared_ptr<Recording> current() const;

  void addFrame(const Frame& frame, double fps);
  void addResult(const InferenceResult& result);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<Recording> recording_;
};

}  // namespace endoverlay
