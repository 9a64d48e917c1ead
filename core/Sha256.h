#pragma once

#include <filesystem>
#include <string>

namespace endoverlay {

// SHA-256 of a file's bytes as 64 lowercase hex digits; throws
// std::runtime_error naming the file when it cannot be read.
std::string sha256OfFile(const std::filesystem::path& path);

}  // namespace endoverlay
