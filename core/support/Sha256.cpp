#include "core/support/Sha256.h"

#include <array>
#include <fstream>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace endoverlay {
namespace {

using Feed = std::function<void(const std::function<void(const char*, std::size_t)>&)>;

// Hex SHA-256 of whatever `feed` hands to the digest.
std::string digestOf(const Feed& feed) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  feed([&](const char* data, std::size_t size) { EVP_DigestUpdate(context.get(), data, size); });
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest.data(), &length);
  return hexOf(digest.data(), length);
}

}  // namespace

std::string hexOf(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 0xf]);
  }
  return hex;
}

std::string sha256OfFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string hex = digestOf([&](const auto& update) {
    std::vector<char> chunk(1 << 20);
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      if (in.gcount() > 0) update(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
  });
  if (in.bad()) throw std::runtime_error("read error in " + path.string());
  return hex;
}

std::string sha256OfBytes(const std::string& bytes) {
  return digestOf([&](const auto& update) { update(bytes.data(), bytes.size()); });
}

std::string hmacSha256OfBytes(const std::string& key, const std::string& bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(bytes.data()),
            bytes.size(), digest.data(), &length))
    throw std::runtime_error("HMAC-SHA-256 is not available from OpenSSL");
  return hexOf(digest.data(), length);
}

}  // namespace endoverlay
