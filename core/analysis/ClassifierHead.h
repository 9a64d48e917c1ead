#pragma once

#include <memory>
#include <optional>

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"
#include "core/analysis/ModelHead.h"

namespace endoverlay {

// A classifier head (cannulation difficulty, cyst type): a BGRx image — the
// whole frame or a region of it — to the softmax (or the card's sigmoid) of
// the model's first output, labelled from the card. The card must have one
// label per logit.
class ClassifierHead : public ModelHead {
 public:
  ClassifierHead(const ModelCard& card, const EngineOptions& options);
  ~ClassifierHead() override;

  // Adds its preprocess and inference times to `timings`. None when the
  // model's output held a NaN or an infinity: that reading is invalid.
  std::optional<ClassProbabilities> classify(const cv::Mat& image, StageTimings& timings);
  bool explains() const;
  // Grad-CAM of `classIndex` for the image classify() saw last (feature-map
  // size, 0..1); empty when the card names no Grad-CAM method.
  cv::Mat gradCam(std::size_t classIndex);

 private:
  struct LastFeatureMap;
  std::unique_ptr<LastFeatureMap> lastFeatureMap_;
};

}  // namespace endoverlay
