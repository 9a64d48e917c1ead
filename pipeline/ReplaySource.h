#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/analysis/Frame.h"
#include "pipeline/SampleCopier.h"

namespace endoverlay {

// A recording, any video file or a DICOM file, opened for replay. It rests paused on a
// frame until asked: seek() lands exactly on a frame, step() moves whole
// frames either way, play() runs from the current frame at 0.25–4 times
// the file's rate. A frame's ptsNs is its position in the file and its
// index that position in frames, so both match a recording's sidecar.
class ReplaySource {
 public:
  using FrameCallback = std::function<void(Frame)>;  // streaming thread, while playing
  // Bus thread: playing stopped, at the end of the file (`problem` empty) or on an error.
  using EndCallback = std::function<void(const std::string& problem)>;

  // Opens `file` paused on its first frame. Throws SourceError when it is
  // missing or cannot be played as video.
  ReplaySource(const std::filesystem::path& file, FrameCallback onFrame, EndCallback onEnd);
  ~ReplaySource();
  ReplaySource(const ReplaySource&) = delete;
  ReplaySource& operator=(const ReplaySource&) = delete;

  double fps() const { return fps_; }
  std::int64_t frameCount() const { return frameCount_; }
  std::int64_t currentFrame() const { return current_.load(); }
  bool playing() const { return playing_.load(); }

  // Pauses on frame `index`, clamped to the file, and returns it. Throws SourceError.
  Frame seek(std::int64_t index);
  // Pauses `frames` frames after (or, negative, before) the current one.
  Frame step(std::int64_t frames) { return seek(currentFrame() + frames); }
  // Plays from the current frame; `rate` is clamped to 0.25–4. Throws SourceError.
  void play(double rate);
  // Stops on the frame shown last and returns it.
  Frame pause();

 private:
  struct Gst;
  // The frame the paused pipeline shows, waiting up to `waitNs`; empty when there is none.
  Frame pullPreroll(std::uint64_t waitNs);
  Frame toFrame(void* sample);
  void watchBus();

  std::string name_;  // the file's kind, for messages (SourceSpec::describe)
  FrameCallback onFrame_;
  EndCallback onEnd_;
  std::unique_ptr<Gst> gst_;
  std::mutex control_;  // one seek, play or pause at a time
  std::mutex copying_;  // the streaming thread and a seek may copy a sample at once
  SampleCopier copier_;
  double fps_ = 0;
  std::int64_t frameCount_ = 0;
  std::atomic<std::int64_t> current_{0};
  std::atomic<bool> playing_{false};
  std::atomic<bool> watching_{true};
  std::thread busThread_;
};

}  // namespace endoverlay
