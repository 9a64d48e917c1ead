#pragma once

#include <filesystem>
#include <string>

namespace endoverlay {

// SHA-256 of a file's bytes as 64 lowercase hex digits; throws
// std::runtime_error naming the file when it cannot be read.
std::string sha256OfFile(const std::filesystem::path& path);
// SHA-256 of `bytes`, the same way.
std::string sha256OfBytes(const std::string& bytes);

}  // namespace endoverlay
