#include "pipeline/Recording.h"

#include <chrono>
#include <random>

#include "core/Logging.h"
#include "core/ResultJson.h"
#include "core/UtcTime.h"

namespace endoverlay {
namespace {

std::string sourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::File: return "file";
    case SourceKind::Uri: return "uri";
    case SourceKind::V4l2: return "v4l2";
    case SourceKind::TestPattern: return "test";
  }
  return "unknown";
}

}  // namespace

std::string newProcedureId() {
  std::random_device random;
  std::string id;
  const char* digits = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) id += digits[random() % 16];
  return id;
}

Recording::Recording(const RecordingOptions& options, StopCallback onStopped) : onStopped_(std::move(onStopped)) {
  const auto now = std::chrono::system_clock::now();
  header_.procedureId = options.procedureId.empty() ? newProcedureId() : options.procedureId;
  header_.startedUtc = formatUtc(now);
  header_.mode = options.mode;
  header_.sourceKind = sourceKindName(options.sourceKind);
  std::error_code error;
  std::filesystem::create_directories(options.folder, error);
  if (error) throw std::runtime_error("cannot create the recordings folder " + options.folder.string() + ": " + error.message());
  const std::string stem = formatUtc(now, "%Y-%m-%d_%H-%M-%S") + "_" + toString(options.mode) + "_" +
                           header_.procedureId.substr(0, 8);
  videoPath_ = options.folder / (stem + ".mkv");
  sidecarPath_ = options.folder / (stem + ".results.jsonl");
  header_.video = videoPath_.filename().string();
  sidecar_ = std::make_unique<SidecarWriter>(sidecarPath_, header_);
  moduleLogger("pipeline")->info("recording procedure {} to {}", header_.procedureId, videoPath_.string());
}

Recording::~Recording() { stop(); }

void Recording::addFrame(const Frame& frame, double fps) {
  const std::lock_guard lock(videoMutex_);
  if (!taking_) return;
  if (!video_) {
    try {
      video_ = std::make_unique<VideoRecorder>(videoPath_, frame.bgrx.size(), fps, VideoFileKind::LiveRecording,
                                               [this](std::string reason) {
                                                 while (!reason.empty() && reason.back() == '.') reason.pop_back();
                                                 fail("the video could not be written: " + reason);
                                               });
    } catch (const std::exception& e) {
      fail(e.what());
      return;
    }
    firstPtsNs_ = frame.ptsNs;
    firstIndex_ = frame.index;
  }
  const std::int64_t pts = frame.ptsNs - firstPtsNs_;
  video_->push(frame, pts);
  lastPtsNs_ = pts;
}

void Recording::addResult(const InferenceResult& result) {
  const std::int64_t first = firstIndex_;
  if (!taking_ || first < 0 || result.frameIndex < first) return;
  nlohmann::json line = resultToJson(result);
  line["frame"] = result.frameIndex - first;
  line["pts_ns"] = result.ptsNs - firstPtsNs_;
  std::unique_lock lock(mutex_);
  if (!failure_.empty() || sidecar_->append(line)) return;
  const std::string reason = sidecar_->failure();
  lock.unlock();
  fail(reason);
}

void Recording::stop() {
  if (finished_.exchange(true)) return;
  taking_ = false;
  // Once a push in progress is done, no frame reaches the video again.
  { const std::lock_guard lock(videoMutex_); }
  if (video_) video_->finish();
  moduleLogger("pipeline")->info("recording stopped: {} frames ({} dropped), {:.1f} s in {}", framesRecorded(),
                                 framesDropped(), seconds(), videoPath_.string());
}

std::int64_t Recording::framesRecorded() const {
  const std::lock_guard lock(videoMutex_);
  return video_ ? video_->framesPushed() : 0;
}

std::int64_t Recording::framesDropped() const {
  const std::lock_guard lock(videoMutex_);
  return video_ ? video_->framesDropped() : 0;
}

std::string Recording::failure() const {
  const std::lock_guard lock(mutex_);
  return failure_;
}

void Recording::fail(const std::string& reason) {
  {
    const std::lock_guard lock(mutex_);
    if (!failure_.empty()) return;
    failure_ = "recording stopped: " + reason + "; " + videoPath_.filename().string() + " keeps what was written";
  }
  taking_ = false;
  moduleLogger("pipeline")->error("{}", failure());
  if (onStopped_) onStopped_(failure());
}

}  // namespace endoverlay
