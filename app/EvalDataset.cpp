#include "app/EvalDataset.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "pipeline/OfflinePlayback.h"

namespace endoverlay {
namespace {

const char* const kSchema = "endoverlay.eval-set/1";

nlohmann::json readJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path.string() + " is not valid JSON: " + e.what());
  }
}

std::optional<Mode> modeIn(const nlohmann::json& json, const std::filesystem::path& path) {
  const auto found = json.find("mode");
  if (found == json.end()) return std::nullopt;
  try {
    return parseMode(found->get<std::string>());
  } catch (const std::exception&) {
    throw std::runtime_error(path.string() + ": \"mode\" must be \"ERCP\" or \"EUS\"");
  }
}

}  // namespace

EvalDataset EvalDataset::open(const std::filesystem::path& path) {
  EvalDataset set;
  set.path_ = path;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    const auto manifestPath = path / "dataset.json";
    if (!std::filesystem::is_regular_file(manifestPath, error))
      throw std::runtime_error("the image set " + path.string() + " has no dataset.json");
    const nlohmann::json manifest = readJson(manifestPath);
    if (manifest.value("schema", "") != kSchema)
      throw std::runtime_error(manifestPath.string() + " is not an " + kSchema + " file");
    set.mode_ = modeIn(manifest, manifestPath);
    const auto frames = manifest.find("frames");
    if (frames == manifest.end() || !frames->is_array() || frames->empty())
      throw std::runtime_error(manifestPath.string() + " lists no frames");
    for (std::size_t i = 0; i < frames->size(); ++i) {
      const auto& entry = (*frames)[i];
      try {
        if (!entry.contains("image") || !entry["image"].is_string())
          throw std::invalid_argument("\"image\" must name an image file");
        set.images_.push_back(path / entry["image"].get<std::string>());
        set.truth_.push_back(truthFromJson(entry));
        set.truth_.back().frame = static_cast<std::int64_t>(i);
      } catch (const std::exception& e) {
        throw std::runtime_error(manifestPath.string() + " frame " + std::to_string(i) + ": " + e.what());
      }
    }
    return set;
  }
  if (!std::filesystem::is_regular_file(path, error)) throw std::runtime_error(path.string() + " does not exist");
  set.isClip_ = true;
  const auto truthPath = path.parent_path() / (path.stem().string() + ".truth.jsonl");
  if (!std::filesystem::is_regular_file(truthPath, error))
    throw std::runtime_error("the clip " + path.string() + " has no ground truth " + truthPath.string());
  set.truth_ = loadTruthLines(truthPath);
  if (set.truth_.empty()) throw std::runtime_error(truthPath.string() + " is empty");
  const auto descriptionPath = path.parent_path() / (path.stem().string() + ".json");
  if (std::filesystem::is_regular_file(descriptionPath, error)) set.mode_ = modeIn(readJson(descriptionPath), descriptionPath);
  return set;
}

void EvalDataset::forEachFrame(const std::function<void(const cv::Mat&, const FrameTruth&)>& visit) const {
  if (isClip_) forEachClipFrame(visit);
  else forEachImage(visit);
}

void EvalDataset::forEachImage(const std::function<void(const cv::Mat&, const FrameTruth&)>& visit) const {
  for (std::size_t i = 0; i < images_.size(); ++i) {
    const cv::Mat bgr = cv::imread(images_[i].string(), cv::IMREAD_COLOR);
    if (bgr.empty()) throw std::runtime_error("cannot read the image " + images_[i].string() + " (missing or not an image)");
    cv::Mat bgrx;
    cv::cvtColor(bgr, bgrx, cv::COLOR_BGR2BGRA);
    visit(bgrx, truth_[i]);
  }
}

void EvalDataset::forEachClipFrame(const std::function<void(const cv::Mat&, const FrameTruth&)>& visit) const {
  std::size_t seen = 0;
  playEveryFrame(SourceSpec::parse(path_.string()), [&](Frame frame) {
    if (seen >= truth_.size())
      throw std::runtime_error(path_.string() + " has more frames than its ground truth (" +
                               std::to_string(truth_.size()) + ")");
    visit(frame.bgrx, truth_[seen++]);
    return Playback::Continue;
  });
  if (seen != truth_.size())
    throw std::runtime_error(path_.string() + " ended after " + std::to_string(seen) + " frames but its ground truth has " +
                             std::to_string(truth_.size()));
}

}  // namespace endoverlay
