#pragma once

#include <stdexcept>
#include <string>

namespace endoverlay {

// What kind of trouble a video source is in, so the UI can say what to do.
enum class SourceErrorCategory {
  BadArgument,    // the --source text names nothing we can open
  NotFound,       // file, URI or camera is not there (or was unplugged)
  MissingPlugin,  // a GStreamer plugin is not installed
  Fatal,          // anything else that ended the stream
};

std::string toString(SourceErrorCategory category);

class SourceError : public std::runtime_error {
 public:
  SourceError(SourceErrorCategory category, const std::string& message)
      : std::runtime_error(message), category_(category) {}
  SourceErrorCategory category() const { return category_; }

 private:
  SourceErrorCategory category_;
};

}  // namespace endoverlay
