#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace endoverlay {

// SHA-256 of a file's bytes as 64 lowercase hex digits; throws
// std::runtime_error naming the file when it cannot be read.
std::string sha256OfFile(const std::filesystem::path& path);
// SHA-256 of `bytes`, the same way.
std::string sha256OfBytes(const std::string& bytes);
// `size` bytes as lowercase hex digits, two a byte.
std::string hexOf(const unsigned char* bytes, std::size_t size);
// HMAC-SHA-256 of `bytes` under `key`, the same way: a digest nobody without the key can
// recompute from a guess of the bytes.
std::string hmacSha256OfBytes(const std::string& key, const std::string& bytes);

}  // namespace endoverlay
