#include "app/EvalDataset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/dicom/DicomCine.h"
#include "core/dicom/DicomStudy.h"
#include "core/dicom/StudyFrames.h"
#include "core/support/JsonFields.h"
#include "core/protocol/Protocol.h"
#include "pipeline/OfflinePlayback.h"

namespace endoverlay {
namespace {

const char* const kSchema = "endoverlay.eval-set/1";

nlohmann::json readJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) throw std::runtime_error(path.string() + " is not valid JSON");
  return json;
}

std::optional<std::string> modeIn(const JsonFields& fields) {
  const std::optional<std::string> mode = fields.optionalText("mode", 32);
  if (!mode) return std::nullopt;
  try {
    return parseProtocolId(*mode);
  } catch (const std::invalid_argument& e) {
    fields.fail("mode", e.what());
  }
}

// A file or folder of the set (`key`): a relative path inside its folder, never outside it.
std::filesystem::path pathIn(const std::filesystem::path& folder, const JsonFields& entry, const char* key) {
  const std::filesystem::path inside = entry.text(key, 1000);
  if (inside.is_absolute() || std::any_of(inside.begin(), inside.end(), [](const auto& part) { return part == ".."; }))
    entry.fail(key, "must be a path inside the set's folder");
  return folder / inside;
}

// The frame of a study entry: every series the protocol reads at the slice nearest `sliceMm`.
Frame studyFrame(const std::filesystem::path& folder, double sliceMm, const Protocol& protocol) {
  if (!protocol.study)
    throw std::runtime_error("the set holds DICOM studies, which protocol " + protocol.id + " does not read");
  const DicomStudy study(folder);
  const StudyFrames frames(study.series(), *protocol.study);
  const DicomSeries& first = *frames.series().front();
  const int nearest = first.sliceNearest(sliceMm);
  if (!first.placed() || std::abs(first.slicePositionMm(nearest) - sliceMm) > std::max(0.01, first.sliceSpacingMm() / 2)) {
    char where[64];
    std::snprintf(where, sizeof where, "%.1f", sliceMm);
    throw DicomError(std::string("has no slice at ") + where + " mm, where the set reads it");
  }
  return frames.frameAt(0, nearest, frames.initialWindow());
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
    try {
      const JsonFields fields(manifest, "");
      if (!fields.has("schema") || manifest.at("schema") != kSchema) fields.fail("schema", std::string("must be ") + kSchema);
      set.mode_ = modeIn(fields);
      const nlohmann::json& frames = fields.array("frames", 1, 10'000'000);
      for (std::size_t i = 0; i < frames.size(); ++i) {
        const JsonFields entry(frames[i], "frames[" + std::to_string(i) + "].");
        if (entry.has("study")) set.entries_.push_back({pathIn(path, entry, "study"), entry.number("slice_mm", -1e5, 1e5)});
        else set.entries_.push_back({pathIn(path, entry, "image"), std::nullopt});
        try {
          set.truth_.push_back(truthFromJson(frames[i]));
        } catch (const FieldError& e) {
          throw FieldError(entry.path(e.what()));
        }
        set.truth_.back().frame = static_cast<std::int64_t>(i);
      }
    } catch (const FieldError& e) {
      throw std::runtime_error(manifestPath.string() + ": " + e.what());
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
  if (std::filesystem::is_regular_file(descriptionPath, error)) {
    try {
      set.mode_ = modeIn(JsonFields(readJson(descriptionPath), ""));
    } catch (const FieldError& e) {
      throw std::runtime_error(descriptionPath.string() + ": " + e.what());
    }
  }
  return set;
}

void EvalDataset::forEachFrame(const Protocol& protocol,
                               const std::function<void(const Frame&, const FrameTruth&)>& visit) const {
  if (isClip_) forEachClipFrame(visit);
  else forEachImage(protocol, visit);
}

void EvalDataset::forEachImage(const Protocol& protocol,
                               const std::function<void(const Frame&, const FrameTruth&)>& visit) const {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& entry = entries_[i];
    if (entry.sliceMm) {
      try {
        visit(studyFrame(entry.path, *entry.sliceMm, protocol), truth_[i]);
      } catch (const DicomError& e) {
        throw std::runtime_error("the study " + entry.path.string() + ": " + e.what());
      }
      continue;
    }
    const cv::Mat bgr = cv::imread(entry.path.string(), cv::IMREAD_COLOR);
    if (bgr.empty()) throw std::runtime_error("cannot read the image " + entry.path.string() + " (missing or not an image)");
    Frame frame;
    frame.index = static_cast<std::int64_t>(i);
    cv::cvtColor(bgr, frame.bgrx, cv::COLOR_BGR2BGRA);
    visit(frame, truth_[i]);
  }
}

void EvalDataset::forEachClipFrame(const std::function<void(const Frame&, const FrameTruth&)>& visit) const {
  std::size_t seen = 0;
  playEveryFrame(SourceSpec::parse(path_.string()), Picture::ForHeads, [&](Frame frame) {
    if (seen >= truth_.size())
      throw std::runtime_error(path_.string() + " has more frames than its ground truth (" +
                               std::to_string(truth_.size()) + ")");
    visit(frame, truth_[seen++]);
    return Playback::Continue;
  });
  if (seen != truth_.size())
    throw std::runtime_error(path_.string() + " ended after " + std::to_string(seen) + " frames but its ground truth has " +
                             std::to_string(truth_.size()));
}

}  // namespace endoverlay
