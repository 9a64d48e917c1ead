#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "core/analysis/Frame.h"
#include "pipeline/PipelineHandle.h"
#include "pipeline/SampleCopier.h"
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
  std::function<void(const std::string&)> onSignalLost;  // bus thread; a live source dropped, reconnecting
  std::function<void(double gapSeconds)> onSignalBack;   // streaming thread, before the first frame after a drop
};

// A GStreamer pipeline from a SourceSpec to I420 frames as the decoder gives
// them (Frame::i420; deinterlaced when the signal is interlaced):
// uridecodebin for files and URIs, v4l2src + decodebin for capture cards,
// videotestsrc for test:. Live sources feed an appsink with drop,
// max-buffers 1 and sync off, so a slow consumer only ever gets the newest
// frame. Each frame is copied out of GStreamer once, into a pooled buffer,
// then shared. A network source or a capture card
// that drops after giving frames (an error, or the end of a live stream) is
// not the end: the source says the signal is lost and connects again, with
// pauses growing from half a second to five, until frames come back or
// stop(); frame numbers and time then carry on across the gap.
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
  std::unique_ptr<PipelineHandle> buildPipeline();
  void deliver(void* sample);
  void watchBus();
  bool reconnects() const;
  void reconnect(const std::string& reason);

  SourceSpec spec_;
  Pacing pacing_;
  VideoSourceCallbacks callbacks_;
  std::unique_ptr<PipelineHandle> gst_;
  std::thread busThread_;
  std::atomic<bool> running_{false};
  std::atomic<double> nominalFps_{0.0};
  std::atomic<std::int64_t> nextIndex_{0};
  std::atomic<std::int64_t> dropped_{0};
  SampleCopier copier_;  // streaming thread
  std::int64_t lastPtsNs_ = -1;
  SteadyTime firstArrival_{};  // streaming thread
  SteadyTime lastArrival_{};   // streaming thread
  std::int64_t ptsOffsetNs_ = 0;         // streaming thread: added to the connection's own timestamps
  std::int64_t lastDeliveredPtsNs_ = 0;  // streaming thread
  std::atomic<bool> signalLost_{false};
};

}  // namespace endoverlay
