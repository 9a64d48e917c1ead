#include "pipeline/Recording.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <utility>
#include <random>

#include "core/support/Logging.h"
#include "core/recording/ResultJson.h"
#include "core/support/UtcTime.h"

namespace endoverlay {
namespace {

// A protocol id is lower-case letters, digits, '_' and '-': in capitals it stands out in a file name, as ERCP did.
std::string inCapitals(std::string id) {
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return id;
}

std::string sourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::File: return "file";
    case SourceKind::Dicom: return "dicom";
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
  if (!options.procedureId.empty()) {
    try {
      checkProcedureId(options.procedureId);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("cannot record: ") + e.what());
    }
  }
  header_.procedureId = options.procedureId.empty() ? newProcedureId() : options.procedureId;
  header_.startedUtc = formatUtc(now);
  header_.protocolId = options.protocolId;
  header_.protocolName = options.protocolName;
  header_.sourceKind = sourceKindName(options.sourceKind);
  std::error_code error;
  std::filesystem::create_directories(options.folder, error);
  if (error) throw std::runtime_error("cannot create the recordings folder " + options.folder.string() + ": " + error.message());
  const std::string base = formatUtc(now, "%Y-%m-%d_%H-%M-%S") + "_" + inCapitals(options.protocolId) + "_" +
                           header_.procedureId.substr(0, 8);
  // Two recordings started in one second for one procedure get -2, -3...: the sidecar is created only where no
  // file is, so no recording ever replaces another.
  for (int n = 1; !sidecar_; ++n) {
    const std::string stem = n == 1 ? base : base + "-" + std::to_string(n);
    videoPath_ = options.folder / (stem + ".mkv");
    sidecarPath_ = options.folder / (stem + ".results.jsonl");
    header_.video = videoPath_.filename().string();
    if (std::filesystem::exists(videoPath_)) continue;
    try {
      sidecar_ = std::make_unique<SidecarWriter>(sidecarPath_, header_);
    } catch (const std::filesystem::filesystem_error& e) {
      if (e.code() != std::errc::file_exists || n >= 1000) throw std::runtime_error(std::string("cannot record: ") + e.what());
    }
  }
  moduleLogger("pipeline")->info("recording procedure {} to {}", header_.procedureId, videoPath_.string());
}

Recording::~Recording() { stop(); }

void Recording::addFrame(const Frame& frame, double fps) {
  const std::lock_guard lock(videoMutex_);
  if (!taking_) return;
  if (!video_) {
    // A source that states no frame rate is timed by its first two frames.
    if (fps <= 0 && !pendingFirst_) {
      pendingFirst_ = frame;
      return;
    }
    const Frame first = pendingFirst_ ? *pendingFirst_ : frame;
    const double rate = fps > 0 ? std::clamp(fps, 1.0, 240.0) : rateBetween(first, frame);
    try {
      video_ = std::make_unique<VideoRecorder>(videoPath_, first.format(), rate, VideoFileKind::LiveRecording,
                                               [this](std::string reason) {
                                                 while (!reason.empty() && reason.back() == '.') reason.pop_back();
                                                 fail("the video could not be written: " + reason);
                                               });
    } catch (const std::exception& e) {
      fail(e.what());
      return;
    }
    frameRate_ = rate;
    firstPtsNs_ = first.ptsNs;
    firstIndex_ = first.index;
    lastPlaceCheck_ = std::chrono::steady_clock::now();
    if (pendingFirst_) push(*std::exchange(pendingFirst_, std::nullopt));
  }
  push(frame);
  checkInPlace();
}

// Under videoMutex_.
void Recording::push(const Frame& frame) {
  if (frame.format() != video_->format()) {
    // A file holds one picture size; frames of another would be lost without a word.
    const cv::Size was = video_->format().size;
    const cv::Size now = frame.size();
    fail("the source changed its picture from " + std::to_string(was.width) + "x" + std::to_string(was.height) +
         " to " + std::to_string(now.width) + "x" + std::to_string(now.height) +
         (was == now ? " in another pixel format" : "") + "; start a new recording for the new picture");
    return;
  }
  std::int64_t pts = frame.ptsNs - firstPtsNs_ - removedNs_;
  // A second or more without frames (a dropped stream that came back) is taken out of the file's time, so the
  // file has no hole to seek into and plays straight on; the next result recorded says how long it was.
  const std::int64_t periodNs = static_cast<std::int64_t>(1e9 / frameRate_.load());
  if (video_->framesPushed() > 0 && pts - lastPtsNs_ > std::max<std::int64_t>(1'000'000'000, 3 * periodNs)) {
    const std::int64_t gapNs = pts - lastPtsNs_ - periodNs;
    removedNs_ += gapNs;
    pts -= gapNs;
    const std::lock_guard lock(mutex_);
    gaps_.push_back({frame.ptsNs, removedNs_});
    // Two gaps before any result: the next result says how long the signal was lost in all.
    pendingGap_ = {frame.ptsNs, gapNs + (pendingGap_ ? pendingGap_->ns : 0)};
  }
  video_->push(frame, pts);
  lastPtsNs_ = pts;
}

// Under mutex_.
std::int64_t Recording::recordedPts(std::int64_t sourcePtsNs) const {
  std::int64_t removed = 0;
  for (const Gap& gap : gaps_)
    if (gap.endPtsNs <= sourcePtsNs) removed = gap.ns;
  return sourcePtsNs - firstPtsNs_ - removed;
}

double Recording::rateBetween(const Frame& first, const Frame& second) {
  double seconds = (second.ptsNs - first.ptsNs) / 1e9;
  if (seconds <= 0) seconds = std::chrono::duration<double>(second.arrival - first.arrival).count();
  return seconds > 0 ? std::clamp(1.0 / seconds, 1.0, 240.0) : 30.0;
}

std::int64_t Recording::recordedFrameAt(std::int64_t recordedPtsNs) const {
  return std::llround(recordedPtsNs * frameRate_.load() / 1e9);
}

// Once a second: an open file whose folder was removed or moved takes every write and keeps none where anyone
// looks, so the recording stops and says so rather than record into nothing.
void Recording::checkInPlace() {
  const auto now = std::chrono::steady_clock::now();
  if (now - lastPlaceCheck_ < std::chrono::seconds(1)) return;
  lastPlaceCheck_ = now;
  bool inPlace = true;
  {
    const std::lock_guard lock(mutex_);
    std::error_code error;
    inPlace = sidecar_->stillInPlace() && std::filesystem::exists(videoPath_, error) && !error;
  }
  if (!inPlace) fail("the recordings folder or its files were removed or moved away");
}

void Recording::addResult(const InferenceResult& result) {
  const std::int64_t first = firstIndex_;
  if (!taking_ || first < 0 || result.frameIndex < first) return;
  InferenceResult recorded = result;
  std::int64_t pts = 0;
  {
    const std::lock_guard lock(mutex_);
    if (pendingGap_ && result.ptsNs >= pendingGap_->endPtsNs) recorded.signalGapNs = std::exchange(pendingGap_, std::nullopt)->ns;
    pts = recordedPts(result.ptsNs);
    // On the recording's clock too; before its start when the contrast was injected before it.
    if (recorded.contrast && recorded.contrast->injectionPtsNs)
      recorded.contrast->injectionPtsNs = recordedPts(*recorded.contrast->injectionPtsNs);
  }
  nlohmann::json line = resultToJson(recorded);
  // Numbered by time, as replay numbers the file's frames, so the two agree even where the source dropped frames.
  line["frame"] = recordedFrameAt(pts);
  line["pts_ns"] = pts;
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
