#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "core/analysis/FrameAnalyzer.h"
#include "pipeline/BgrxConverter.h"
#include "pipeline/LatestFrameMailbox.h"

namespace endoverlay {

// Runs an analyzer on its own thread, always on the newest frame submitted,
// converted to BGRx when it came in I420.
// Frames that arrive while it is busy replace each other; the worker never
// makes the submitter wait. Each result carries its frame's index and pts and
// the time the frame waited (queuedMs).
class InferenceWorker {
 public:
  using ResultCallback = std::function<void(InferenceResult)>;    // worker thread
  using FailureCallback = std::function<void(const std::string&)>;  // worker thread; the worker has stopped

  InferenceWorker(FrameAnalyzer& analyzer, ResultCallback onResult, FailureCallback onFailure);
  ~InferenceWorker();
  InferenceWorker(const InferenceWorker&) = delete;
  InferenceWorker& operator=(const InferenceWorker&) = delete;

  void submit(Frame frame);
  // Waits for the frame in hand, at most one analysis.
  void stop();

  std::int64_t framesSkipped() const { return mailbox_.replaced(); }

 private:
  void run();

  FrameAnalyzer& analyzer_;
  ResultCallback onResult_;
  FailureCallback onFailure_;
  LatestFrameMailbox mailbox_;
  BgrxConverter converter_;  // worker thread
  std::thread thread_;
};

}  // namespace endoverlay
