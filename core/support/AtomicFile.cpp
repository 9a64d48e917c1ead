#include "core/support/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace endoverlay {
namespace {

// A device or a pipe (/dev/stdout, a FIFO) is written as it is: renaming a file over it would replace it.
void writeInPlace(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  const bool written = fd >= 0 && writeAll(fd, text);
  const int error = errno;
  if (fd >= 0) ::close(fd);
  if (!written) throw std::runtime_error("writing " + path.string() + " failed: " + std::strerror(error) + " (disk full?)");
}

// Read once, as the library loads, before any thread: reading the umask means setting it for a moment.
const mode_t kProcessUmask = [] {
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}();

}  // namespace

bool writeAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void syncFolder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void writeFileAtomically(const std::filesystem::path& requested, const std::string& text) {
  std::error_code ignored;
  // A link is followed: the file it names is replaced, not the link.
  const std::filesystem::path path = std::filesystem::is_symlink(requested, ignored)
                                         ? std::filesystem::weakly_canonical(requested, ignored)
                                         : requested;
  const std::filesystem::file_status status = std::filesystem::status(path, ignored);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    if (std::filesystem::is_directory(status)) throw std::runtime_error("writing " + path.string() + " failed: it is a folder");
    writeInPlace(path, text);
    return;
  }
  const std::filesystem::path folder = path.parent_path();
  std::string partial = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(partial.data(), O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("writing " + path.string() + " failed: " + std::strerror(errno) + " (missing or read-only folder?)");
  // mkstemp makes it private: a file replaced keeps its mode, a new one gets the mode any new file of the user has.
  struct stat old {};
  ::fchmod(fd, ::stat(path.c_str(), &old) == 0 ? old.st_mode & 07777 : 0666 & ~kProcessUmask);
  const bool written = writeAll(fd, text) && ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!written || std::rename(partial.c_str(), path.c_str()) != 0) {
    const int renameError = written ? errno : error;
    ::unlink(partial.c_str());
    throw std::runtime_error("writing " + path.string() + " failed: " + std::strerror(renameError) + " (disk full?)");
  }
  syncFolder(folder);
}

}  // namespace endoverlay
