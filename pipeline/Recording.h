#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Frame.h"
#include "core/analysis/InferenceResult.h"
#include "core/recording/SidecarWriter.h"
#include "pipeline/SourceSpec.h"
#include "pipeline/VideoRecorder.h"

namespace endoverlay {

struct RecordingOptions {
  std::filesystem::path folder;
  std::string protocolId;    // the mode, which the file name carries in capitals
  std::string protocolName;  // as the window shows it
  SourceKind sourceKind = SourceKind::File;
  std::string procedureId;  // empty: a random one
};

// One recording of the live view: FOLDER/STEM.mkv, the clean source picture
// (VideoRecorder), and FOLDER/STEM.results.jsonl, the results shown on it
// (SidecarWriter), where STEM is the start time (UTC), the mode and the
// first eight characters of the procedure ID (with -2, -3... where a
// recording of that name exists: none is ever replaced). Time counts from
// the first frame recorded, and a result's frame is its time in frames of
// the file's rate, as replay numbers them, so the two agree even where the
// source dropped frames. A source that states no frame rate is recorded at
// the rate its first two frames show. A write failure (a full disk), a
// folder removed or moved, or a change of picture size stops the recording
// and calls onStopped with the reason; whatever was written stays playable
// and the live view is untouched.
class Recording {
 public:
  // Streaming, bus or inference thread, under the recording's locks: it must not call back into the recording.
  using StopCallback = std::function<void(const std::string&)>;

  // Creates the folder and the sidecar; throws std::runtime_error when it cannot.
  Recording(const RecordingOptions& options, StopCallback onStopped);
  ~Recording();
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

  // Streaming thread, every frame; never waits for the disk.
  void addFrame(const Frame& frame, double fps);
  // Inference thread: results for frames before the recording began are left out.
  void addResult(const InferenceResult& result);
  // Ends the video file; results arriving afterwards are left out.
  void stop();

  const std::filesystem::path& videoPath() const { return videoPath_; }
  const std::filesystem::path& sidecarPath() const { return sidecarPath_; }
  const RecordingHeader& header() const { return header_; }
  std::int64_t framesRecorded() const;
  std::int64_t framesDropped() const;
  double seconds() const { return lastPtsNs_.load() / 1e9; }
  // Empty while the recording is healthy.
  std::string failure() const;

 private:
  void fail(const std::string& reason);
  void push(const Frame& frame);
  static double rateBetween(const Frame& first, const Frame& second);
  std::int64_t recordedFrameAt(std::int64_t recordedPtsNs) const;
  std::int64_t recordedPts(std::int64_t sourcePtsNs) const;
  void checkInPlace();  // streaming thread, under videoMutex_

  RecordingHeader header_;
  std::filesystem::path videoPath_;
  std::filesystem::path sidecarPath_;
  StopCallback onStopped_;
  mutable std::mutex videoMutex_;
  std::unique_ptr<VideoRecorder> video_;  // made on the first frame, which gives the size
  std::optional<Frame> pendingFirst_;     // a source without a frame rate: its first frame, until the second times it
  std::atomic<double> frameRate_{0};      // the file's frame rate, which numbers the sidecar's frames
  std::atomic<std::int64_t> firstIndex_{-1};
  std::atomic<std::int64_t> firstPtsNs_{0};
  std::atomic<std::int64_t> lastPtsNs_{0};
  std::chrono::steady_clock::time_point lastPlaceCheck_{};  // under videoMutex_
  std::int64_t removedNs_ = 0;  // under videoMutex_: gaps taken out of the file's time
  std::atomic<bool> taking_{true};  // false once stopped or failed
  std::atomic<bool> finished_{false};
  mutable std::mutex mutex_;  // the sidecar, the failure text and the pending gap
  std::unique_ptr<SidecarWriter> sidecar_;
  struct Gap {
    std::int64_t endPtsNs;  // the source's time of the first frame after it
    std::int64_t ns;        // in gaps_: all the time taken out up to there
  };
  std::vector<Gap> gaps_;
  std::optional<Gap> pendingGap_;  // until a result at or after its end is recorded
  std::string failure_;
};

// A random 128-bit procedure ID in hex: opaque, nothing to do with the patient.
std::string newProcedureId();

}  // namespace endoverlay
