#include "pipeline/InferenceWorker.h"

#include <chrono>

#include "core/support/GuardedThread.h"
#include "core/support/ThreadPriority.h"

namespace endoverlay {

InferenceWorker::InferenceWorker(FrameAnalyzer& analyzer, ResultCallback onResult, FailureCallback onFailure)
    : analyzer_(analyzer), onResult_(std::move(onResult)), onFailure_(std::move(onFailure)) {
  thread_ = std::thread([this] { run(); });
}

InferenceWorker::~InferenceWorker() { stop(); }

void InferenceWorker::submit(Frame frame) { mailbox_.put(std::move(frame)); }

void InferenceWorker::stop() {
  mailbox_.close();
  if (thread_.joinable()) thread_.join();
}

void InferenceWorker::run() {
  runGuarded("inference", [this] {
    runBehindVideo();
    while (auto frame = mailbox_.take()) {
      const auto taken = std::chrono::steady_clock::now();
      // Only the frames analysed are converted for the heads, on this thread; the conversion counts as preprocessing.
      const Frame picture = converter_.forHeads(*frame);
      const double convertedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - taken).count();
      InferenceResult result = analyzer_.analyze(picture);
      result.timings.preprocessMs += convertedMs;
      result.timings.queuedMs = std::chrono::duration<double, std::milli>(taken - frame->arrival).count();
      result.timings.readyMs =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame->arrival).count();
      if (onResult_) onResult_(std::move(result));
    }
  }, onFailure_);
}

}  // namespace endoverlay
