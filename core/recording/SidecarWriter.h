#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/recording/RecordingHeader.h"

namespace endoverlay {

// The per-frame results of a recording, as JSON lines: a header line
// {schema, procedure_id, started_utc, mode, video, source, app_version}, then
// one line per result (ResultJson's fields, with frame and pts_ns counted
// from the recording's first frame). Each line is handed to the system as it
// is appended, and flushed to the disk at least once a second, so a crash of
// the app loses at most the line being written and a power cut at most a
// second. A failed write (a full disk) makes append() return false from then
// on, with failure() saying why; the file keeps everything written before it.
// One thread at a time.
class SidecarWriter {
 public:
  // Creates the file, never over an existing one. Throws
  // std::filesystem::filesystem_error (errc::file_exists) when it is there
  // already, std::runtime_error when it cannot be created or written.
  SidecarWriter(const std::filesystem::path& path, const RecordingHeader& header);
  ~SidecarWriter();
  SidecarWriter(const SidecarWriter&) = delete;
  SidecarWriter& operator=(const SidecarWriter&) = delete;

  bool append(const nlohmann::json& line);
  // False once the file is no longer at its path: deleted, or its folder
  // removed or moved away. Writing on would lose every line unseen.
  bool stillInPlace() const;
  const std::string& failure() const { return failure_; }
  std::int64_t lines() const { return lines_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::string failure_;
  std::int64_t lines_ = 0;
  std::chrono::steady_clock::time_point lastSync_;
};

}  // namespace endoverlay
