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

nlohmann::json readJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) throw std::runtime_error(path.string() + " is not valid JSON");
  return json;
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
    try {
      set.manifest_ = parseEvalManifest(readJson(manifestPath), path);
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
  set.manifest_.truth = loadTruthLines(truthPath);
  if (set.manifest_.truth.empty()) throw std::runtime_error(truthPath.string() + " is empty");
  const auto descriptionPath = path.parent_path() / (path.stem().string() + ".json");
  if (std::filesystem::is_regular_file(descriptionPath, error)) {
    try {
      set.manifest_.mode = evalSetMode(JsonFields(readJson(descriptionPath), ""));
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
  for (std::size_t i = 0; i < manifest_.entries.size(); ++i) {
    const EvalManifest::Entry& entry = manifest_.entries[i];
    if (entry.sliceMm) {
      try {
        visit(studyFrame(entry.path, *entry.sliceMm, protocol), manifest_.truth[i]);
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
    visit(frame, manifest_.truth[i]);
  }
}

void EvalDataset::forEachClipFrame(const std::function<void(const Frame&, const FrameTruth&)>& visit) const {
  std::size_t seen = 0;
  playEveryFrame(SourceSpec::parse(path_.string()), Picture::ForHeads, [&](Frame frame) {
    if (seen >= manifest_.truth.size())
      throw std::runtime_error(path_.string() + " has more frames than its ground truth (" +
                               std::to_string(manifest_.truth.size()) + ")");
    visit(frame, manifest_.truth[seen++]);
    return Playback::Continue;
  });
  if (seen != manifest_.truth.size())
    throw std::runtime_error(path_.string() + " ended after " + std::to_string(seen) + " frames but its ground truth has " +
                             std::to_string(manifest_.truth.size()));
}

}  // namespace endoverlay
