#include "app/ExportCommand.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/OverlayPainter.h"
#include "core/SidecarFile.h"
#include "pipeline/ReplaySource.h"

namespace endoverlay {
namespace {

// The result on screen while `frame` was shown: the newest one computed on that frame or before it.
nlohmann::json resultShownAt(const std::vector<nlohmann::json>& results, std::int64_t frame) {
  nlohmann::json shown;
  for (const auto& result : results) {
    if (result.value("frame", std::int64_t{0}) > frame) break;
    shown = result;
  }
  return shown;
}

}  // namespace

int runExport(const CliOptions& options) {
  const std::filesystem::path video = options.video;
  const std::filesystem::path sidecarPath = sidecarPathFor(video);
  if (!std::filesystem::is_regular_file(sidecarPath))
    throw std::runtime_error(video.string() + " has no results beside it (" + sidecarPath.filename().string() +
                             "): only recordings can be exported with their overlay");
  const SidecarFile sidecar = SidecarFile::load(sidecarPath);
  if (!sidecar.damage.empty()) std::cerr << "endoverlay-cli: warning: " << sidecar.damage << "\n";

  ReplaySource replay(video, {}, {});
  Frame frame = replay.seek(options.exportFrame);
  if (frame.index != options.exportFrame)
    throw std::runtime_error(video.string() + " has no frame " + std::to_string(options.exportFrame) + " (its last is " +
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
  return 0;
}

}  // namespace endoverlay
