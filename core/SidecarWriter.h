#pragma once

#include <filesystem>
#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/RecordingHeader.h"

namespace endoverlay {

// The per-frame results of a recording, as JSON lines: a header line
// {schema, procedure_id, started_utc, mode, video, source, app_version}, then
// one line per result (ResultJson's fields, with frame and pts_ns counted
// from the recording's first frame). Each line is handed to the system as it
// is appended (a few dozen small writes a second), so a crash of the app
// loses at most the line being written. A failed write (a full disk) makes
// append() return false from then on, with failure() saying why; the file
// keeps everything written before it.
class SidecarWriter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  SidecarWriter(const std::filesystem::path& path, const RecordingHeader& header);

  bool append(const nlohmann::json& line);
  const std::string& failure() const { return failure_; }
  std::int64_t lines() const { return lines_; }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::string failure_;
  std::int64_t lines_ = 0;
};

}  // namespace endoverlay
