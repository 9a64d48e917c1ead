#include "pipeline/SourceSpec.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <vector>

#include <gst/gst.h>

#include "core/dicom/DicomCine.h"
#include "pipeline/SourceError.h"

namespace endoverlay {
namespace {

constexpr const char* kV4l2Prefix = "v4l2://";

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

std::atomic<bool> namesShown{false};

// "file (mp4)": the extension says the format and nothing about whom it shows.
std::string fileKind(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  if (!extension.empty()) extension.erase(0, 1);
  const bool plain = !extension.empty() && extension.size() <= 5 &&
                     std::all_of(extension.begin(), extension.end(), [](unsigned char c) { return std::isalnum(c); });
  if (!plain) return "file";
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
  return "file (" + extension + ")";
}

// "rtsp" of rtsp://..., "" for no URI.
std::string schemeOf(const std::string& uri) {
  gchar* protocol = gst_uri_get_protocol(uri.c_str());
  std::string scheme = protocol ? protocol : "";
  g_free(protocol);
  return scheme;
}

// "rtsp stream", or for a file:// URI the file's kind.
std::string uriKind(const std::string& uri) {
  const std::string scheme = schemeOf(uri);
  if (scheme == "file") return fileKind(uri);
  const bool plain = !scheme.empty() && scheme.size() <= 10 &&
                     std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) { return std::isalnum(c) || c == '+'; });
  return plain ? scheme + " stream" : "stream";
}

// scheme://user:password@host/... without user:password@.
// An address that cannot be read as a URI shows nothing of itself: it may hold a password in a form
// no parser agrees on.
std::string withoutUserInfo(const std::string& location) {
  if (location.find("://") == std::string::npos) return location;
  GstUri* uri = gst_uri_from_string(location.c_str());
  if (!uri) return "(an address that cannot be read)";
  uri = gst_uri_make_writable(uri);
  gst_uri_set_userinfo(uri, nullptr);
  gchar* text = gst_uri_to_string(uri);
  std::string plain = text ? text : "(an address that cannot be read)";
  g_free(text);
  gst_uri_unref(uri);
  return plain;
}

// The forms GStreamer may quote a file in: its path, its file:// URI, its name.
std::vector<std::string> fileForms(const std::string& path) {
  std::vector<std::string> forms = {path, std::filesystem::path(path).filename().string()};
  gchar* uri = gst_filename_to_uri(path.c_str(), nullptr);
  if (uri) forms.emplace_back(uri);
  g_free(uri);
  return forms;
}

// By its content, or by its name: a .dcm file that is not DICOM is then refused as such, not as a broken video.
bool isDicomFile(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
  return extension == ".dcm" || extension == ".dicom" || DicomCine::looksLikeDicom(path);
}

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
      throw SourceError(SourceErrorCategory::BadArgument, "'" + withoutUserInfo(text) + "' is not a valid URI");
    return {SourceKind::Uri, text};
  }
  std::error_code error;
  const auto path = std::filesystem::absolute(text, error);
  if (error || !std::filesystem::exists(path))
    throw SourceError(SourceErrorCategory::NotFound, "video file " + text + " does not exist");
  if (!std::filesystem::is_regular_file(path))
    throw SourceError(SourceErrorCategory::BadArgument, text + " is not a video file");
  return file(path);
}

SourceSpec SourceSpec::file(const std::filesystem::path& path) {
  return {isDicomFile(path) ? SourceKind::Dicom : SourceKind::File, path.string()};
}

void SourceSpec::showNames(bool shown) { namesShown = shown; }

bool SourceSpec::isLive() const {
  if (kind == SourceKind::Uri) {
    // An http(s) address may be a file on a server as well as a stream: it is paced by its timestamps.
    static const std::vector<std::string> kLiveSchemes = {"rtsp", "rtsps", "rtspt", "rtmp", "rtmps", "udp", "rtp", "srt"};
    return std::find(kLiveSchemes.begin(), kLiveSchemes.end(), schemeOf(location)) != kLiveSchemes.end();
  }
  return kind == SourceKind::V4l2 || kind == SourceKind::TestPattern;
}

bool SourceSpec::isNetwork() const {
  return kind == SourceKind::Uri && schemeOf(location) != "file";
}

std::string SourceSpec::redact(std::string text) const {
  if (kind == SourceKind::TestPattern) return text;
  const auto replaceAll = [&text](const std::string& form, const std::string& replacement) {
    // A name of one or two characters would garble every word it is part of, and tells nobody anything.
    if (form.size() < 3 || form == replacement) return;
    for (std::size_t at = text.find(form); at != std::string::npos; at = text.find(form, at + replacement.size()))
      text.replace(at, form.size(), replacement);
  };
  // Shown names never show a password.
  if (namesShown) {
    replaceAll(location, withoutUserInfo(location));
    return text;
  }
  std::vector<std::string> forms = {location, withoutUserInfo(location)};
  if (kind == SourceKind::File || kind == SourceKind::Dicom) {
    forms = fileForms(location);
  } else if (kind == SourceKind::Uri) {
    gchar* path = g_filename_from_uri(location.c_str(), nullptr, nullptr);
    if (path) {
      const std::vector<std::string> more = fileForms(path);
      forms.insert(forms.end(), more.begin(), more.end());
    }
    g_free(path);
  }
  // Longest first: a file's name is part of its path.
  std::sort(forms.begin(), forms.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  const std::string replacement = "<" + describe() + ">";
  for (const std::string& form : forms) replaceAll(form, replacement);
  return text;
}

std::string SourceSpec::describe() const {
  std::string kindText;
  switch (kind) {
    case SourceKind::File: kindText = fileKind(location); break;
    case SourceKind::Dicom: kindText = "DICOM file"; break;
    case SourceKind::Uri: kindText = uriKind(location); break;
    case SourceKind::V4l2: kindText = "camera"; break;
    case SourceKind::TestPattern: return "test pattern";
  }
  return namesShown ? kindText + " " + withoutUserInfo(location) : kindText;
}

}  // namespace endoverlay
