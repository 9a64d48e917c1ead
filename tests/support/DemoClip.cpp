#include "support/DemoClip.h"

#include <optional>
#include <stdexcept>
#include <string>

#include "pipeline/OfflinePlayback.h"

namespace endoverlay::test {

Frame decodeFrame(const std::filesystem::path& video, std::int64_t index) {
  std::optional<Frame> wanted;
  playEveryFrame(SourceSpec::parse(video.string()), Picture::Whole, [&](Frame frame) {
    if (frame.index != index) return Playback::Continue;
    wanted = std::move(frame);
    return Playback::Stop;
  });
  if (!wanted) throw std::runtime_error("frame " + std::to_string(index) + " not in " + video.string());
  return *wanted;
}

std::vector<std::int64_t> decodeTimestamps(const std::filesystem::path& video) {
  std::vector<std::int64_t> pts;
  playEveryFrame(SourceSpec::parse(video.string()), Picture::Whole, [&](Frame frame) {
    pts.push_back(frame.ptsNs);
    return Playback::Continue;
  });
  return pts;
}

}  // namespace endoverlay::test
