#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/analysis/FrameAnalyzer.h"
#include "pipeline/FrameFanOut.h"
#include "pipeline/InferenceWorker.h"
#include "pipeline/VideoSource.h"

namespace endoverlay {

struct LiveSessionCallbacks {
  std::function<void(const Frame&)> onDisplayFrame;            // streaming thread, every frame, at source rate
  std::function<void(const Frame&)> onRecordFrame;             // streaming thread, every frame, after the display
  std::function<void(InferenceResult)> onResult;               // inference thread
  std::function<void(const std::string&)> onInferenceFailure;  // inference thread; video goes on
  std::function<void(const SourceError&)> onSourceError;       // bus thread
  std::function<void()> onEnd;                                 // bus thread
  std::function<void(const std::string&)> onSignalLost;        // bus thread; reconnecting
  std::function<void(double gapSeconds)> onSignalBack;         // streaming thread
};

// The live wiring: a source paced at its own rate, its frames fanned out
// (FrameFanOut) to the display and the recorder, every one, and to the
// inference worker, the newest. Without an analyzer (no usable model) the
// video still plays.
class LiveSession {
 public:
  LiveSession(const SourceSpec& spec, FrameAnalyzer* analyzer, LiveSessionCallbacks callbacks);
  ~LiveSession();

  void start();
  void stop();
  // Whether frames go to the inference worker (on at start); the display and the recorder get every frame either way.
  void setAnalysing(bool on);
  const VideoSource& source() const { return *source_; }
  const InferenceWorker* worker() const { return worker_.get(); }

 private:
  LiveSessionCallbacks callbacks_;
  FrameFanOut frames_;
  std::unique_ptr<InferenceWorker> worker_;
  std::unique_ptr<VideoSource> source_;
};

}  // namespace endoverlay
