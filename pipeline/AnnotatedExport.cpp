#include "pipeline/AnnotatedExport.h"

#include <memory>
#include <mutex>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/support/AtomicFile.h"
#include "core/readout/OverlayPainter.h"
#include "pipeline/OfflinePlayback.h"
#include "pipeline/ReplaySource.h"
#include "pipeline/VideoRecorder.h"

namespace endoverlay {

SnapshotExport exportAnnotatedPng(const std::filesystem::path& video, const SidecarFile& sidecar, std::int64_t frameIndex,
                                  const std::filesystem::path& png) {
  ReplaySource replay(video, {}, {});
  Frame frame = replay.seek(frameIndex);
  if (frame.index != frameIndex)
    throw std::runtime_error(video.string() + " has no frame " + std::to_string(frameIndex) + " (its last is " +
                             std::to_string(frame.index) + ")");
  const InferenceResult* shown = resultShownAt(sidecar.results, frame.index);
  paintOverlay(frame.bgrx, shown);
  cv::Mat bgr;
  cv::cvtColor(frame.bgrx, bgr, cv::COLOR_BGRA2BGR);
  std::vector<unsigned char> encoded;
  if (!cv::imencode(".png", bgr, encoded)) throw std::runtime_error("the frame could not be encoded as PNG");
  writeFileAtomically(png, std::string(encoded.begin(), encoded.end()));
  return {frame.index, frame.ptsNs, shown ? std::optional<std::int64_t>(shown->frameIndex) : std::nullopt};
}

std::int64_t exportAnnotatedMp4(const std::filesystem::path& video, const SidecarFile& sidecar, std::int64_t from,
                                std::int64_t to, const std::filesystem::path& mp4) {
  const double fps = ReplaySource(video, {}, {}).fps();
  std::mutex mutex;
  std::string failure;
  std::unique_ptr<VideoRecorder> clip;
  std::size_t nextResult = 0;
  const InferenceResult* shown = nullptr;
  std::int64_t firstPts = 0;
  playEveryFrame(SourceSpec::parse(video.string()), Picture::Whole, [&](Frame frame) {
    if (frame.index < from) return Playback::Continue;
    if (to >= 0 && frame.index > to) return Playback::Stop;
    while (nextResult < sidecar.results.size() && sidecar.results[nextResult].frameIndex <= frame.index)
      shown = &sidecar.results[nextResult++];
    paintOverlay(frame.bgrx, shown);
    if (!clip) {
      firstPts = frame.ptsNs;
      clip = std::make_unique<VideoRecorder>(mp4, frame.format(), fps, VideoFileKind::Export,
                                             [&](const std::string& reason) {
                                               const std::lock_guard lock(mutex);
                                               failure = reason;
                                             });
    }
    {
      const std::lock_guard lock(mutex);
      if (!failure.empty()) throw std::runtime_error("writing " + mp4.string() + " failed: " + failure);
    }
    clip->push(frame, frame.ptsNs - firstPts);
    return Playback::Continue;
  });
  if (!clip) throw std::runtime_error(video.string() + " has no frames from " + std::to_string(from));
  clip->finish();
  const std::lock_guard lock(mutex);
  if (!failure.empty()) throw std::runtime_error("writing " + mp4.string() + " failed: " + failure);
  return clip->framesPushed();
}

}  // namespace endoverlay
