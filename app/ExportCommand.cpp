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
  const bool dicom = !options.dicomFrameOut.empty() || !options.dicomClipOut.empty();
  const std::filesystem::path& snapshotOut = dicom ? options.dicomFrameOut : options.pngOut;
  const std::filesystem::path& clipOut = dicom ? options.dicomClipOut : options.mp4Out;
  if (!snapshotOut.empty()) {
    const SnapshotExport snapshot = exportAnnotatedFrame(options.video, sidecar, options.exportFrame, snapshotOut,
                                                         dicom ? SnapshotFormat::Dicom : SnapshotFormat::Png);
    std::printf("frame %lld (%.3f s) with the result of frame %s: %s\n", static_cast<long long>(snapshot.frame),
                snapshot.ptsNs / 1e9, snapshot.resultFrame ? std::to_string(*snapshot.resultFrame).c_str() : "none",
                snapshotOut.string().c_str());
  } else {
    const std::int64_t frames = exportAnnotatedClip(options.video, sidecar, options.exportFrom, options.exportTo, clipOut,
                                                    dicom ? ClipFormat::Dicom : ClipFormat::Mp4);
    std::printf("%lld frames with their overlay: %s\n", static_cast<long long>(frames), clipOut.string().c_str());
  }
  return 0;
}

}  // namespace endoverlay
