#include "pipeline/SourceSpec.h"

#include <filesystem>

#include <gst/gst.h>

#include "pipeline/SourceError.h"

namespace endoverlay {
namespace {

constexpr const char* kV4l2Prefix = "v4l2://";

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

SourceSpec SourceSpec::parse(const std::string& text) {
  if (text.empty()) throw SourceError(SourceErrorCategory::BadArgument, "no video source given");
  if (text == "test:") return {SourceKind::TestPattern, "test:"};
  if (startsWith(text, kV4l2Prefix)) {
    const std::string device = text.substr(std::string(kV4l2Prefix).size());
    if (!startsWith(device, "/dev/"))
      throw SourceError(SourceErrorCategory::BadArgument, "capture source '" + text + "' must look like v4l2:///dev/video0");
    if (!std::filesystem::exists(device))
      throw SourceError(SourceErrorCategory::NotFound, "camera " + device + " is not there (unplugged, or another number?)");
    return {SourceKind::V4l2, device};
  }
  if (text.find("://") != std::string::npos) {
    if (!gst_uri_is_valid(text.c_str()))
      throw SourceError(SourceErrorCategory::BadArgument, "'" + text + "' is not a valid URI");
    return {SourceKind::Uri, text};
  }
  std::error_code error;
  const auto path = std::filesystem::absolute(text, error);
  if (error || !std::filesystem::exists(path))
    throw SourceError(SourceErrorCategory::NotFound, "video file " + text + " does not exist");
  if (!std::filesystem::is_regular_file(path))
    throw SourceError(SourceErrorCategory::BadArgument, text + " is not a video file");
  return {SourceKind::File, path.string()};
}

std::string SourceSpec::describe() const {
  switch (kind) {
    case SourceKind::File: return "file " + location;
    case SourceKind::Uri: return "stream " + location;
    case SourceKind::V4l2: return "camera " + location;
    case SourceKind::TestPattern: return "test pattern";
  }
  return location;
}

}  // namespace endoverlay
