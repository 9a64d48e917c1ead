#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "app/EvalManifest.h"
#include "core/analysis/Frame.h"
#include "core/evaluation/GroundTruth.h"
#include "core/protocol/Protocol.h"

namespace endoverlay {

// A labelled set to evaluate models on, one of:
// - an image set: a folder with dataset.json (schema endoverlay.eval-set/1:
//   "mode", and "frames" of {"image", "box", "label", optional "region"},
//   image paths relative to the folder; training/endoverlay_training/eval_set.py
//   writes them from the phantoms);
// - a study set: the same, with a DICOM study's folder and the slice it is read
//   at instead of an image: {"study", "slice_mm", "box": null, "label", optional
//   "region"}, for a protocol that reads studies;
// - a clip: a video file with its ground truth VIDEO-STEM.truth.jsonl beside it,
//   and optionally its description VIDEO-STEM.json, which names the mode.
// Every frame must have its truth and every truth its frame: a set that does
// not add up is refused rather than scored on part of itself.
class EvalDataset {
 public:
  // Throws std::runtime_error naming the file and what is wrong with it.
  static EvalDataset open(const std::filesystem::path& path);

  // The protocol id the set names.
  std::optional<std::string> mode() const { return manifest_.mode; }
  const std::filesystem::path& path() const { return path_; }

  // Calls `visit` with every frame (BGRx, scaled for the heads as live frames are; a study's slice as
  // StudyFrames builds it for `protocol`) and its truth, in order.
  void forEachFrame(const Protocol& protocol, const std::function<void(const Frame&, const FrameTruth&)>& visit) const;

 private:
  void forEachImage(const Protocol& protocol, const std::function<void(const Frame&, const FrameTruth&)>& visit) const;
  void forEachClipFrame(const std::function<void(const Frame&, const FrameTruth&)>& visit) const;

  std::filesystem::path path_;
  bool isClip_ = false;
  EvalManifest manifest_;  // a clip's: its mode and truth only
};

}  // namespace endoverlay
