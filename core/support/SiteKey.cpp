#include "core/support/SiteKey.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <openssl/rand.h>

#include "core/support/AtomicFile.h"
#include "core/support/FileText.h"
#include "core/support/Sha256.h"

namespace endoverlay {
namespace {

constexpr std::size_t kKeyBytes = 32;

bool isKey(const std::string& text) {
  return text.size() == 2 * kKeyBytes &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string newKey() {
  unsigned char bytes[kKeyBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a site key");
  return hexOf(bytes, sizeof bytes);
}

std::string failure(const std::string& what) { return "the site key " + what + " (" + std::strerror(errno) + ")"; }

// Writes a new key whole into a temporary file and links it to `path`, which succeeds only where no key is yet:
// two windows starting at once end up with one key, and nobody ever reads half of one.
void createKey(const std::filesystem::path& path) {
  std::string temporary = path.string() + ".XXXXXX";
  const int fd = ::mkstemp(temporary.data());  // owner-only, as mkstemp makes it
  if (fd < 0) throw std::runtime_error(failure("cannot be written in " + path.parent_path().string()));
  const bool written = writeAll(fd, newKey() + "\n") && ::fsync(fd) == 0;
  ::close(fd);
  const bool linked = written && (::link(temporary.c_str(), path.c_str()) == 0 || errno == EEXIST);
  const int linkError = errno;
  ::unlink(temporary.c_str());
  errno = linkError;
  if (!linked) throw std::runtime_error(failure("cannot be written in " + path.parent_path().string()));
  syncFolder(path.parent_path());
}

}  // namespace

std::string siteKeyIn(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw std::runtime_error("cannot create the folder " + folder.string() + ": " + error.message());
  const std::filesystem::path path = folder / kSiteKeyFileName;
  if (!std::filesystem::exists(path, error)) createKey(path);
  const std::optional<std::string> text = readFileBytes(path);
  if (!text) throw std::runtime_error(failure("in " + folder.string() + " cannot be read"));
  std::string key = *text;
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (!isKey(key))
    throw std::runtime_error("the site key " + path.string() +
                             " is damaged: restore it from a backup, or remove it to start new study IDs");
  return key;
}

}  // namespace endoverlay
