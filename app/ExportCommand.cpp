#include "app/ExportCommand.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/OverlayPainter.h"
#include "core/SidecarFile.h"
#include "pipeline/OfflinePlayback.h"
#include "pipeline/ReplaySource.h"
#include "pipeline/VideoRecorder.h"

namespace endoverlay {
namespace {

void exportSnapshot(const CliOptions& options, const SidecarFile& sidecar) {
  ReplaySource replay(options.video, {}, {});
  Frame frame = replay.seek(options.exportFrame);
  if (frame.index != options.exportFrame)
    throw std::runtime_error(options.video + " has no frame " + std::to_string(options.exportFrame) + " (its last is " +
                             std::to_string(frame.index) + ")");
  const nlohmann::json shown = resultShownAt(sidecar.results, frame.index);
  paintOverlay(frame.bgrx, shown);
  cv::Mat bgr;
  cv::cvtColor(frame.bgrx, bgr, cv::COLOR_BGRA2BGR);
  bool written = false;
  try {
    written = cv::imwrite(options.pngOut.string(), bgr);
  } catch (const cv::Exception&) {
  }
  if (!written) throw std::runtime_error("writing " + options.pngOut.string() + " failed (missing folder or disk full?)");
  std::printf("frame %lld (%.3f s) with the result of frame %s: %s\n", static_cast<long long>(frame.index),
              frame.ptsNs / 1e9, shown.is_null() ? "none" : std::to_string(shown.value("frame", 0)).c_str(),
              options.pngOut.string().c_str());
}

void exportClip(const CliOptions& options, const SidecarFile& sidecar) {
  const double fps = ReplaySource(options.video, {}, {}).fps();
  std::mutex mutex;
  std::string failure;
  std::unique_ptr<VideoRecorder> clip;
  std::size_t nextResult = 0;
  nlohmann::json shown;
  std::int64_t firstPts = 0;
  playEveryFrame(SourceSpec::parse(options.video), [&](Frame frame) {
    if (frame.index < options.exportFrom) return Playback::Continue;
    if (options.exportTo >= 0 && frame.index > options.exportTo) return Playback::Stop;
    while (nextResult < sidecar.results.size() && sidecar.results[nextResult].value("frame", std::int64_t{0}) <= frame.index)
      shown = sidecar.results[nextResult++];
    paintOverlay(frame.bgrx, shown);
    if (!clip) {
      firstPts = frame.ptsNs;
      clip = std::make_unique<VideoRecorder>(options.mp4Out, frame.bgrx.size(), fps, VideoFileKind::Export,
                                             [&](const std::string& reason) {
                                               const std::lock_guard lock(mutex);
                                               failure = reason;
                                             });
    }
    {
      const std::lock_guard lock(mutex);
      if (!failure.empty()) throw std::runtime_error("writing " + options.mp4Out.string() + " failed: " + failure);
    }
    clip->push(frame, frame.ptsNs - firstPts);
    return Playback::Continue;
  });
  if (!clip) throw std::runtime_error(options.video + " has no frames from " + std::to_string(options.exportFrom));
  clip->finish();
  const std::lock_guard lock(mutex);
  if (!failure.empty()) throw std::runtime_error("writing " + options.mp4Out.string() + " failed: " + failure);
  std::printf("%lld frames with their overlay: %s\n", static_cast<long long>(clip->framesPushed()),
              options.mp4Out.string().c_str());
}

}  // namespace

int runExport(const CliOptions& options) {
  const std::filesystem::path sidecarPath = sidecarPathFor(options.video);
  if (!std::filesystem::is_regular_file(sidecarPath))
    throw std::runtime_error(options.video + " has no results beside it (" + sidecarPath.filename().string() +
                             "): only recordings can be exported with their overlay");
  const SidecarFile sidecar = SidecarFile::load(sidecarPath);
  if (!sidecar.damage.empty()) std::cerr << "endoverlay-cli: warning: " << sidecar.damage << "\n";
  if (options.mp4Out.empty()) exportSnapshot(options, sidecar);
  else exportClip(options, sidecar);
  return 0;
}

}  // namespace endoverlay
