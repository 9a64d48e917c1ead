#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace endoverlay {

// Runs a program with an argument vector, never through a shell, so no text
// in an argument (a file name with quotes or ';') can become a command.
// `arguments[0]` is the program's path. Waits for it; returns its exit
// status, or throws std::runtime_error when it cannot be started or was
// killed by a signal.
int runChildProcess(const std::vector<std::string>& arguments, const std::filesystem::path& workingDirectory);

// A new, empty file only this user can read, in the temporary folder, under
// a name nobody else can guess or take first (mkstemp); removed when this
// goes out of scope.
class PrivateTemporaryFile {
 public:
  explicit PrivateTemporaryFile(const std::string& prefix);
  ~PrivateTemporaryFile();
  PrivateTemporaryFile(const PrivateTemporaryFile&) = delete;
  PrivateTemporaryFile& operator=(const PrivateTemporaryFile&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace endoverlay
