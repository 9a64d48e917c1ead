#include "support/DemoClip.h"

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "pipeline/VideoSource.h"

namespace endoverlay::test {

std::vector<TruthLine> loadTruth(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<TruthLine> lines;
  for (std::string text; std::getline(in, text);) {
    const auto json = nlohmann::json::parse(text);
    TruthLine line;
    line.frame = json.at("frame").get<std::int64_t>();
    if (json.at("box").is_array()) {
      const auto& b = json.at("box");
      line.box = Box{b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()};
    }
    if (json.at("label").is_string()) line.label = json.at("label").get<std::string>();
    lines.push_back(line);
  }
  return lines;
}

double intersectionOverUnion(const Box& a, const Box& b) {
  const double ix = std::max(0.0, std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x));
  const double iy = std::max(0.0, std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y));
  const double intersection = ix * iy;
  const double sum = a.width * a.height + b.width * b.height - intersection;
  return sum > 0 ? intersection / sum : 0.0;
}

Frame decodeFrame(const std::filesystem::path& video, std::int64_t index) {
  std::mutex mutex;
  std::condition_variable done;
  std::optional<Frame> wanted;
  bool finished = false;
  VideoSourceCallbacks callbacks;
  callbacks.onFrame = [&](Frame frame) {
    if (frame.index != index) return;
    const std::lock_guard lock(mutex);
    wanted = std::move(frame);
    done.notify_all();
  };
  const auto finish = [&] {
    const std::lock_guard lock(mutex);
    finished = true;
    done.notify_all();
  };
  callbacks.onEnd = finish;
  callbacks.onError = [&](const SourceError&) { finish(); };
  VideoSource source(SourceSpec::parse(video.string()), Pacing::EveryFrame, std::move(callbacks));
  source.start();
  {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return wanted.has_value() || finished; });
  }
  source.stop();
  if (!wanted) throw std::runtime_error("frame " + std::to_string(index) + " not in " + video.string());
  return *wanted;
}

}  // namespace endoverlay::test
