#pragma once

#include <string>

namespace endoverlay {

enum class SourceKind { File, Uri, V4l2, TestPattern };

// The one --source argument, parsed once: a file path, a URI
// (file://, rtsp://, http://...), a capture device `v4l2:///dev/videoN`,
// or the test pattern `test:`. Throws SourceError on text that names
// nothing playable, or a file or device that is not there.
struct SourceSpec {
  SourceKind kind = SourceKind::TestPattern;
  std::string location;  // absolute file path, URI, or device path

  static SourceSpec parse(const std::string& text);
  bool isLive() const { return kind == SourceKind::V4l2 || kind == SourceKind::TestPattern; }
  std::string describe() const;
};

}  // namespace endoverlay
