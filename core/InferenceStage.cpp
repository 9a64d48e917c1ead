#include "core/InferenceStage.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/AmpullaHead.h"
#include "core/ClassifierHead.h"
#include "core/FrameRegion.h"
#include "core/ModelDirectory.h"
#include "core/StageClock.h"

namespace endoverlay {

InferenceStage::InferenceStage(const std::vector<ModelCard>& cards, const EngineOptions& options, Mode initialMode,
                               const StabilitySettings& stability)
    : mode_(initialMode), filteredMode_(initialMode) {
  if (const ModelCard* card = findCard(cards, ModelTask::AmpullaSoftMask)) ampulla_ = std::make_unique<AmpullaHead>(*card, options);
  if (const ModelCard* card = findCard(cards, ModelTask::CannulationDifficulty)) difficulty_ = std::make_unique<ClassifierHead>(*card, options);
  if (const ModelCard* card = findCard(cards, ModelTask::CystType)) cyst_ = std::make_unique<ClassifierHead>(*card, options);
  const ModelCard* ampulla = findCard(cards, ModelTask::AmpullaSoftMask);
  filter_ = std::make_unique<TemporalFilter>(stability, ampulla ? ampulla->boxThreshold : 0.6);
  if (!supports(initialMode))
    throw ModelCardError("no model card for " + toString(initialMode) + " mode (it needs " +
                         (initialMode == Mode::Ercp ? "ampulla_soft_mask" : "cyst_type") + ")");
}

InferenceStage::~InferenceStage() = default;

bool InferenceStage::supports(Mode mode) const { return mode == Mode::Ercp ? ampulla_ != nullptr : cyst_ != nullptr; }

void InferenceStage::setMode(Mode mode) {
  if (!supports(mode))
    throw std::invalid_argument("no model card for " + toString(mode) + " mode in the models directory");
  mode_ = mode;
}

void InferenceStage::setCystRegion(std::optional<Box> region) {
  const std::lock_guard lock(regionMutex_);
  cystRegion_ = region;
}

std::vector<ModelIdentity> InferenceStage::models() const {
  if (mode_ == Mode::Eus) return {cyst_->card().identity()};
  std::vector<ModelIdentity> identities = ampulla_->models();
  if (difficulty_) identities.push_back(difficulty_->card().identity());
  return identities;
}

std::string InferenceStage::device() const { return mode_ == Mode::Eus ? cyst_->device() : ampulla_->device(); }

InferenceResult InferenceStage::analyze(const Frame& frame) {
  const Mode mode = mode_;
  if (mode != filteredMode_ || restartSmoothing_.exchange(false)) {
    filter_->reset();
    filteredMode_ = mode;
  }
  InferenceResult result = mode == Mode::Ercp ? analyzeErcp(frame) : analyzeEus(frame);
  result.mode = mode;
  if (!result.invalidOutputs.empty()) ++invalidResults_;
  StageClock clock;
  result.stable = filter_->update(result);
  result.timings.postprocessMs += clock.lap();
  return result;
}

InferenceResult InferenceStage::analyzeErcp(const Frame& frame) {
  InferenceResult result = ampulla_->analyze(frame);
  const auto& a = result.ampulla;
  if (difficulty_ && a && a->score >= result.displayThreshold) {
    const double scale = difficulty_->card().input.regionOfInterest->scale;
    const cv::Mat region = squareRegionAround(frame.bgrx, a->box, scale);
    result.models.push_back(difficulty_->card().identity());
    if (result.deviceNotice.empty()) result.deviceNotice = difficulty_->deviceNotice();
    result.difficulty = difficulty_->classify(region, result.timings);
    if (!result.difficulty) {
      result.invalidOutputs.push_back(ModelTask::CannulationDifficulty);
      return result;
    }
    result.explanation = explain(*difficulty_, *result.difficulty, squareAround(a->box, scale), result.timings);
    result.difficultProbability = result.difficulty->sumOf(difficulty_->card().difficultClasses);
  }
  return result;
}

std::optional<ClassActivation> InferenceStage::explain(ClassifierHead& head, const ClassProbabilities& p,
                                                      const Box& region, StageTimings& timings) {
  if (!explain_ || !head.explains()) return std::nullopt;
  StageClock clock;
  ClassActivation activation{head.gradCam(p.top()), region, p.labels.at(p.top())};
  timings.postprocessMs += clock.lap();
  // A map with a NaN or an infinity in it shows nothing true; it is left out like any invalid output.
  if (activation.map.empty() || !cv::checkRange(activation.map)) return std::nullopt;
  return activation;
}

InferenceResult InferenceStage::analyzeEus(const Frame& frame) {
  InferenceResult result;
  result.frameIndex = frame.index;
  result.ptsNs = frame.ptsNs;
  result.frameArrival = frame.arrival;
  result.frameSize = frame.bgrx.size();
  {
    const std::lock_guard lock(regionMutex_);
    result.cystRegion = cystRegion_;
  }
  const cv::Mat region = result.cystRegion ? cropToBox(frame.bgrx, *result.cystRegion) : cv::Mat();
  if (result.cystRegion && region.empty()) {
    const Box& b = *result.cystRegion;
    char text[160];
    std::snprintf(text, sizeof text, "the region of interest %.0f,%.0f,%.0f,%.0f lies outside the %dx%d picture", b.x, b.y,
                  b.width, b.height, frame.bgrx.cols, frame.bgrx.rows);
    throw std::invalid_argument(text);
  }
  const cv::Mat& seen = region.empty() ? frame.bgrx : region;
  result.cystType = cyst_->classify(seen, result.timings);
  result.device = cyst_->device();
  result.deviceNotice = cyst_->deviceNotice();
  result.models = {cyst_->card().identity()};
  if (!result.cystType) {
    result.invalidOutputs.push_back(ModelTask::CystType);
    return result;
  }
  cv::Size whole;
  cv::Point offset;
  seen.locateROI(whole, offset);
  result.explanation = explain(*cyst_, *result.cystType,
                               Box{double(offset.x), double(offset.y), double(seen.cols), double(seen.rows)}, result.timings);
  return result;
}

}  // namespace endoverlay
