#include "core/SidecarWriter.h"

#include <stdexcept>

namespace endoverlay {

SidecarWriter::SidecarWriter(const std::filesystem::path& path, const RecordingHeader& header)
    : path_(path), out_(path, std::ios::trunc) {
  if (!out_) throw std::runtime_error("cannot create " + path.string());
  out_ << headerToJson(header).dump() << '\n';
  out_.flush();
  if (!out_) throw std::runtime_error("writing " + path.string() + " failed (disk full?)");
}

bool SidecarWriter::append(const nlohmann::json& line) {
  if (!failure_.empty()) return false;
  out_ << line.dump() << '\n';
  out_.flush();
  if (!out_) {
    failure_ = "writing " + path_.string() + " failed (disk full?)";
    return false;
  }
  ++lines_;
  return true;
}

}  // namespace endoverlay
