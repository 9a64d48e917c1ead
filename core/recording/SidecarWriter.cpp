#include "core/recording/SidecarWriter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "core/support/AtomicFile.h"

namespace endoverlay {
namespace {

constexpr auto kSyncEvery = std::chrono::seconds(1);

}  // namespace

SidecarWriter::SidecarWriter(const std::filesystem::path& path, const RecordingHeader& header) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    if (errno == EEXIST)
      throw std::filesystem::filesystem_error("a file is there already", path, std::make_error_code(std::errc::file_exists));
    throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
  }
  if (!writeAll(fd_, headerToJson(header).dump() + "\n") || ::fsync(fd_) != 0) {
    // The destructor does not run for a constructor that throws: nothing half-made is left behind.
    ::close(fd_);
    ::unlink(path.c_str());
    throw std::runtime_error("writing " + path.string() + " failed (disk full?)");
  }
  syncFolder(path.parent_path());
  lastSync_ = std::chrono::steady_clock::now();
}

SidecarWriter::~SidecarWriter() {
  if (fd_ < 0) return;
  ::fsync(fd_);
  ::close(fd_);
}

bool SidecarWriter::append(const nlohmann::json& line) {
  if (!failure_.empty()) return false;
  const auto now = std::chrono::steady_clock::now();
  const bool sync = now - lastSync_ >= kSyncEvery;
  if (!writeAll(fd_, line.dump() + "\n") || (sync && ::fdatasync(fd_) != 0)) {
    failure_ = "writing " + path_.string() + " failed: " + std::strerror(errno) + " (disk full?)";
    return false;
  }
  if (sync) lastSync_ = now;
  ++lines_;
  return true;
}

bool SidecarWriter::stillInPlace() const {
  struct stat open {};
  struct stat named {};
  return ::fstat(fd_, &open) == 0 && open.st_nlink > 0 && ::stat(path_.c_str(), &named) == 0 &&
         named.st_dev == open.st_dev && named.st_ino == open.st_ino;
}

}  // namespace endoverlay
