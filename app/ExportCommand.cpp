#include "app/ExportCommand.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "core/recording/SidecarFile.h"
#include "pipeline/AnnotatedExport.h"

namespace endoverlay {

int runExport(const CliOptions& options) {
  const std::filesystem::path sidecarPath = sidecarPathFor(options.video);
  if (!std::filesystem::is_regular_file(sidecarPath))
    throw std::runtime_error(options.video + " has no results beside it (" + sidecarPath.filename().string() +
                             "): only recordings can be exported with their overlay");
  const SidecarFile sidecar = SidecarFile::load(sidecarPath);
  if (!sidecar.damage.empty()) std::cerr << "endoverlay-cli: warning: " << sidecar.damage << "\n";
  if (options.mp4Out.empty()) {
    const SnapshotExport snapshot = exportAnnotatedPng(options.video, sidecar, options.exportFrame, options.pngOut);
    std::printf("frame %lld (%.3f s) with the result of frame %s: %s\n", static_cast<long long>(snapshot.frame),
                snapshot.ptsNs / 1e9, snapshot.resultFrame ? std::to_string(*snapshot.resultFrame).c_str() : "none",
                options.pngOut.string().c_str());
  } else {
    const std::int64_t frames =
        exportAnnotatedMp4(options.video, sidecar, options.exportFrom, options.exportTo, options.mp4Out);
    std::printf("%lld frames with their overlay: %s\n", static_cast<long long>(frames), options.mp4Out.string().c_str());
  }
  return 0;
}

}  // namespace endoverlay
