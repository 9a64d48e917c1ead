#pragma once

#include <filesystem>
#include <string>

namespace endoverlay {

// Writes `text` to `path` so that a crash, a power cut or a full disk never
// leaves half a file: into a new file of a unique name beside it (mkstemp),
// flushed to the disk, renamed over `path`, and the folder flushed too.
// Throws std::runtime_error when the file cannot be written in full (a
// missing or read-only folder, a full disk); the old file is then untouched.
// A link is followed; a device or a pipe (/dev/stdout) is written as it is.
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);

// Writes every byte of `text` to `fd`, through short and interrupted writes;
// false on an error (errno says which).
bool writeAll(int fd, const std::string& text);

// Flushes a folder's entries (a new or renamed file in it) to the disk.
void syncFolder(const std::filesystem::path& folder);

}  // namespace endoverlay
