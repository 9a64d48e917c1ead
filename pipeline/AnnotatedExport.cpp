#include "pipeline/AnnotatedExport.h"

#include <memory>
#include <mutex>
#include <stdexcept>


#include "core/Version.h"
#include "core/dicom/DicomExport.h"
#include "core/readout/OverlayPainter.h"
#include "pipeline/OfflinePlayback.h"
#include "pipeline/ReplaySource.h"
#include "pipeline/VideoRecorder.h"

namespace endoverlay {
namespace {

// A damaged sidecar may hold any text where the procedure ID belongs; only a well-formed one becomes Patient ID.
DicomExportIdentity dicomIdentity(const SidecarFile& sidecar, const std::string& what) {
  try {
    checkProcedureId(sidecar.header.procedureId);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("the recording's procedure ID cannot go into a DICOM file: ") + e.what());
  }
  return {sidecar.header.procedureId, "Endoverlay " + what + ", overlay burned in", kAppVersion};
}

// An MP4 encoder or a DICOM clip, fed frame by frame on the playback thread.
class ClipWriter {
 public:
  ClipWriter(const std::filesystem::path& out, ClipFormat format, double fps, DicomExportIdentity identity)
      : out_(out), format_(format), fps_(fps), identity_(std::move(identity)) {}

  void push(const Frame& frame) {
    if (format_ == ClipFormat::Dicom) {
      if (!dicom_) dicom_ = std::make_unique<DicomClipWriter>(out_, fps_, identity_);
      dicom_->add(frame.bgrx);
      return;
    }
    if (!mp4_) {
      firstPts_ = frame.ptsNs;
      mp4_ = std::make_unique<VideoRecorder>(out_, frame.format(), fps_, VideoFileKind::Export,
                                             [this](const std::string& reason) {
                                               const std::lock_guard lock(mutex_);
                                               failure_ = reason;
                                             });
    }
    throwIfFailed();
    mp4_->push(frame, frame.ptsNs - firstPts_);
  }

  bool started() const { return mp4_ || dicom_; }

  std::int64_t finish() {
    if (dicom_) {
      dicom_->finish();
      return dicom_->frames();
    }
    mp4_->finish();
    throwIfFailed();
    return mp4_->framesPushed();
  }

 private:
  void throwIfFailed() {
    const std::lock_guard lock(mutex_);
    if (!failure_.empty()) throw std::runtime_error("writing " + out_.string() + " failed: " + failure_);
  }

  std::filesystem::path out_;
  ClipFormat format_;
  double fps_;
  DicomExportIdentity identity_;
  std::unique_ptr<VideoRecorder> mp4_;
  std::unique_ptr<DicomClipWriter> dicom_;
  std::int64_t firstPts_ = 0;
  std::mutex mutex_;  // the encoder reports failures on its own thread
  std::string failure_;
};

}  // namespace

SnapshotExport exportAnnotatedFrame(const std::filesystem::path& video, const SidecarFile& sidecar,
                                    std::int64_t frameIndex, const std::filesystem::path& out, SnapshotFormat format) {
  ReplaySource replay(video, {}, {});
  Frame frame = replay.seek(frameIndex);
  if (frame.index != frameIndex)
    throw std::runtime_error(video.string() + " has no frame " + std::to_string(frameIndex) + " (its last is " +
                             std::to_string(frame.index) + ")");
  const InferenceResult* shown = resultShownAt(sidecar.results, frame.index);
  const TimeIntensityCurve curve = TimeIntensityCurve::shownWith(sidecar.results, shown);
  paintOverlay(frame.bgrx, shown, &curve);
  writeSnapshot(out, frame.bgrx, format, dicomIdentity(sidecar, "frame " + std::to_string(frame.index)));
  return {frame.index, frame.ptsNs, shown ? std::optional<std::int64_t>(shown->frameIndex) : std::nullopt};
}

std::int64_t exportAnnotatedClip(const std::filesystem::path& video, const SidecarFile& sidecar, std::int64_t from,
                                 std::int64_t to, const std::filesystem::path& out, ClipFormat format) {
  const double fps = ReplaySource(video, {}, {}).fps();
  const std::string range = "frames " + std::to_string(from) + " to " + (to < 0 ? "the end" : std::to_string(to));
  ClipWriter clip(out, format, fps, dicomIdentity(sidecar, "clip, " + range));
  std::size_t nextResult = 0;
  const InferenceResult* shown = nullptr;
  TimeIntensityCurve curve;  // built from the recording's start, as the live view drew it
  playEveryFrame(SourceSpec::parse(video.string()), Picture::Whole, [&](Frame frame) {
    while (nextResult < sidecar.results.size() && sidecar.results[nextResult].frameIndex <= frame.index) {
      shown = &sidecar.results[nextResult++];
      curve.add(*shown);
    }
    if (frame.index < from) return Playback::Continue;
    if (to >= 0 && frame.index > to) return Playback::Stop;
    paintOverlay(frame.bgrx, shown, &curve);
    clip.push(frame);
    return Playback::Continue;
  });
  if (!clip.started()) throw std::runtime_error(video.string() + " has no frames from " + std::to_string(from));
  return clip.finish();
}

}  // namespace endoverlay
