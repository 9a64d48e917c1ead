#pragma once

#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "core/model/EngineOptions.h"
#include "core/analysis/InferenceResult.h"
#include "core/model/ModelCard.h"

namespace endoverlay {

// A classifier head (cannulation difficulty, cyst type): a BGRx image — the
// whole frame or a region of it — to the softmax of the model's first
// output, labelled from the card. The card must have one label per logit.
class ClassifierHead {
 public:
  ClassifierHead(const ModelCard& card, const EngineOptions& options);
  ~ClassifierHead();

  // Adds its preprocess and inference times to `timings`. None when the
  // model's output held a NaN or an infinity: that reading is invalid.
  std::optional<ClassProbabilities> classify(const cv::Mat& image, StageTimings& timings);
  bool explains() const;
  // Grad-CAM of `classIndex` for the image classify() saw last (feature-map
  // size, 0..1); empty when the card names no Grad-CAM method.
  cv::Mat gradCam(std::size_t classIndex);
  const ModelCard& card() const;
  std::string device() const;
  // Empty unless the GPU failed and the head moved to the CPU.
  const std::string& deviceNotice() const;

 private:
  struct Engine;
  std::unique_ptr<Engine> engine_;
};

}  // namespace endoverlay
