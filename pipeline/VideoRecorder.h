#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/analysis/Frame.h"

namespace endoverlay {

enum class VideoFileKind {
  // Matroska, written cluster by cluster to an unbuffered file, so a file cut
  // off by a crash or a full disk plays up to its last second. push() never
  // waits: when the encoder is a second behind, the frame is dropped and counted.
  LiveRecording,
  // MP4, which any player opens once finished. push() waits for the encoder,
  // so no frame is dropped.
  Export,
};

// Frames of one format encoded as they come: appsrc → H.264 (x264, a key
// frame every second) → the container of `kind` → file. push() hands the
// frame's pixels to GStreamer without copying; I420 frames, as live sources
// give them, reach the encoder without a conversion and keep their
// colorimetry. An odd width or height is padded with one black column or row
// on the right or at the bottom (4:2:0 needs even sizes).
class VideoRecorder {
 public:
  using FailureCallback = std::function<void(const std::string&)>;  // bus thread; the file takes no more frames

  // Throws std::runtime_error when an element is missing or the pipeline cannot start.
  VideoRecorder(const std::filesystem::path& file, const FrameFormat& format, double fps, VideoFileKind kind,
                FailureCallback onFailure);
  ~VideoRecorder();
  VideoRecorder(const VideoRecorder&) = delete;
  VideoRecorder& operator=(const VideoRecorder&) = delete;

  // `ptsNs` counts from the recording's start.
  void push(const Frame& frame, std::int64_t ptsNs);
  // Ends the file (waits at most a few seconds for the muxer) and stops.
  void finish();

  std::int64_t framesPushed() const { return pushed_.load(); }
  const FrameFormat& format() const { return format_; }
  std::int64_t framesDropped() const { return dropped_.load(); }

 private:
  struct Gst;
  void watchBus();

  std::unique_ptr<Gst> gst_;
  FailureCallback onFailure_;
  std::thread busThread_;
  std::atomic<bool> failed_{false};
  std::atomic<bool> ended_{false};
  std::atomic<bool> watching_{true};
  std::atomic<std::int64_t> pushed_{0};
  std::atomic<std::int64_t> dropped_{0};
  std::uint64_t frameDurationNs_ = 0;
  unsigned maxQueued_ = 30;
  VideoFileKind kind_;
  FrameFormat format_;
};

}  // namespace endoverlay
