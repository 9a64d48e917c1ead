#pragma once

#include <filesystem>
#include <string>

namespace endoverlay {

enum class SourceKind { File, Dicom, Uri, V4l2, TestPattern };

// The one --source argument, parsed once: a file path (a DICOM file by its
// DICM marker or a .dcm/.dicom name, any other file as video), a URI
// (file://, rtsp://, http://...), a capture device `v4l2:///dev/videoN`,
// or the test pattern `test:`. Throws SourceError on text that names
// nothing playable, or a file or device that is not there.
struct SourceSpec {
  SourceKind kind = SourceKind::TestPattern;
  std::string location;  // absolute file path, URI, or device path

  static SourceSpec parse(const std::string& text);
  // A file already known to exist (a recording, a file opened for replay): File or Dicom.
  static SourceSpec file(const std::filesystem::path& path);
  // A camera, the test pattern or a live network stream (rtsp, rtmp, udp, srt...): frames come at their own pace.
  bool isLive() const;
  // Any URI but file://.
  bool isNetwork() const;
  // The source for logs, messages, window titles and reports: what kind it
  // is ("file (mp4)", "rtsp stream", "camera", "test pattern"), never its
  // name or address, which may name a patient or carry a password (a DICOM
  // file is "DICOM file"). With
  // names shown (an engineering opt-in) the location follows, still without
  // a URI's user and password.
  std::string describe() const;
  // `text` (a GStreamer message) with the location, in any of the forms it
  // is quoted in, replaced by describe(), unless names are shown.
  std::string redact(std::string text) const;

  // Process-wide: --show-source-names.
  static void showNames(bool shown);
};

}  // namespace endoverlay
