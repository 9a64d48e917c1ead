#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "core/Frame.h"
#include "pipeline/PipelineHandle.h"
#include "pipeline/SourceError.h"
#include "pipeline/SourceSpec.h"

namespace endoverlay {

enum class Pacing {
  SourceRate,  // files paced by their timestamps; live sources as they come, dropping stale frames
  EveryFrame,  // as fast as the consumer takes them, none dropped (offline analysis)
};

struct VideoSourceCallbacks {
  std::function<void(Frame)> onFrame;                // GStreamer streaming thread; must not block
  std::function<void(const SourceError&)> onError;   // bus thread; the stream has stopped
  std::function<void()> onEnd;                       // bus thread; end of a file or stream
};

// A GStreamer pipeline from a SourceSpec to BGRx frames: uridecodebin for
// files and URIs, v4l2src + decodebin for capture cards, videotestsrc for
// test:. Live sources feed an appsink with drop, max-buffers 1 and sync off,
// so a slow consumer only ever gets the newest frame. Each frame is copied
// out of GStreamer once, then shared.
class VideoSource {
 public:
  // Throws SourceError (MissingPlugin) when an element is not installed.
  VideoSource(SourceSpec spec, Pacing pacing, VideoSourceCallbacks callbacks);
  ~VideoSource();
  VideoSource(const VideoSource&) = delete;
  VideoSource& operator=(const VideoSource&) = delete;

  void start();
  // Stops the pipeline and the bus thread; no callback runs after it returns.
  void stop();

  const SourceSpec& spec() const { return spec_; }
  double nominalFps() const { return nominalFps_.load(); }
  // Frames missing between delivered ones, judged from their timestamps.
  std::int64_t framesDropped() const { return dropped_.load(); }

 private:
  void deliver(void* sample);
  void watchBus();

  SourceSpec spec_;
  Pacing pacing_;
  VideoSourceCallbacks callbacks_;
  std::unique_ptr<PipelineHandle> gst_;
  std::thread busThread_;
  std::atomic<bool> running_{false};
  std::atomic<double> nominalFps_{0.0};
  std::atomic<std::int64_t> nextIndex_{0};
  std::atomic<std::int64_t> dropped_{0};
  std::int64_t lastPtsNs_ = -1;
};

}  // namespace endoverlay
