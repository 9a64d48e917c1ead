#include "core/TemporalFilter.h"

#include <algorithm>
#include <cmath>

#include "core/AmpullaMask.h"

namespace endoverlay {
namespace {

// Weight of a new sample in an exponential average with time constant `tau`.
double weightOfNew(double elapsedMs, double tauMs) { return tauMs <= 0 ? 1.0 : 1.0 - std::exp(-elapsedMs / tauMs); }

// A reading is carried on only if it is recent and not from the future
// (a stream that started over has smaller timestamps).
bool isCurrent(double readingAtMs, double nowMs, double lostAfterMs) {
  return nowMs >= readingAtMs && nowMs - readingAtMs <= lostAfterMs;
}

bool allFinite(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

}  // namespace

TemporalFilter::TemporalFilter(const StabilitySettings& settings, double boxThreshold)
    : settings_(settings), boxThreshold_(boxThreshold), amber_(settings.difficultyAmber), red_(settings.difficultyRed) {}

void TemporalFilter::reset() {
  mask_.release();
  difficulty_.reset();
  cyst_.reset();
  amber_.reset();
  red_.reset();
  cystSwitches_.clear();
}

// A head whose output is invalid on this frame shows nothing, and its
// smoothing and hysteresis go on from the last valid frame as if this one
// had not come.
StableReadout TemporalFilter::update(const InferenceResult& raw) {
  const double nowMs = raw.ptsNs / 1e6;
  StableReadout out;
  if (!raw.isInvalid(ModelTask::AmpullaSoftMask)) smoothMask(raw, nowMs, out);
  if (!raw.isInvalid(ModelTask::CannulationDifficulty)) updateDifficulty(raw, nowMs, out);
  if (!raw.isInvalid(ModelTask::CystType)) updateCyst(raw, nowMs, out);
  return out;
}

void TemporalFilter::smoothMask(const InferenceResult& raw, double nowMs, StableReadout& out) {
  if (!raw.ampullaMask.empty() && !cv::checkRange(raw.ampullaMask)) return;
  if (raw.ampullaMask.empty()) {
    mask_.release();
    return;
  }
  if (mask_.empty() || mask_.size() != raw.ampullaMask.size() || !isCurrent(maskAtMs_, nowMs, settings_.lostAfterMs)) {
    mask_ = raw.ampullaMask.clone();
  } else {
    const double w = weightOfNew(nowMs - maskAtMs_, settings_.maskTimeConstantMs);
    cv::addWeighted(mask_, 1.0 - w, raw.ampullaMask, w, 0.0, mask_);
  }
  maskAtMs_ = nowMs;
  out.ampullaMask = mask_.clone();  // the filter keeps blending into mask_
  out.ampulla = detectAmpulla(maskAtFrameSize(mask_, raw.frameSize), boxThreshold_);
}

void TemporalFilter::updateDifficulty(const InferenceResult& raw, double nowMs, StableReadout& out) {
  if (raw.difficulty && raw.difficultProbability) {
    std::vector<double> values = raw.difficulty->values;
    values.push_back(*raw.difficultProbability);
    if (!allFinite(values)) return;
    if (!difficulty_ || difficulty_->values.size() != values.size() ||
        !isCurrent(difficulty_->atMs, nowMs, settings_.lostAfterMs)) {
      difficulty_ = Smoothed{values, nowMs};
    } else {
      const double w = weightOfNew(nowMs - difficulty_->atMs, settings_.probabilityTimeConstantMs);
      for (std::size_t i = 0; i < values.size(); ++i) difficulty_->values[i] += w * (values[i] - difficulty_->values[i]);
      difficulty_->atMs = nowMs;
    }
    difficultyLabels_ = raw.difficulty->labels;
    amber_.update(difficulty_->values.back(), nowMs);
    red_.update(difficulty_->values.back(), nowMs);
  } else if (difficulty_ && !isCurrent(difficulty_->atMs, nowMs, settings_.lostAfterMs)) {
    difficulty_.reset();
    amber_.reset();
    red_.reset();
  }
  if (!difficulty_) return;
  out.light = red_.isOn() ? TrafficLight::Red : amber_.isOn() ? TrafficLight::Amber : TrafficLight::Green;
  out.difficultProbability = difficulty_->values.back();
  out.difficulty = ClassProbabilities{difficultyLabels_, {difficulty_->values.begin(), difficulty_->values.end() - 1}};
}

void TemporalFilter::updateCyst(const InferenceResult& raw, double nowMs, StableReadout& out) {
  if (raw.cystType) {
    const auto& values = raw.cystType->values;
    if (!allFinite(values)) return;
    if (!cyst_ || cyst_->values.size() != values.size() || !isCurrent(cyst_->atMs, nowMs, settings_.lostAfterMs)) {
      cyst_ = Smoothed{values, nowMs};
      cystSwitches_.assign(values.size(), HysteresisSwitch(settings_.cystType));
    } else {
      const double w = weightOfNew(nowMs - cyst_->atMs, settings_.probabilityTimeConstantMs);
      for (std::size_t i = 0; i < values.size(); ++i) cyst_->values[i] += w * (values[i] - cyst_->values[i]);
      cyst_->atMs = nowMs;
    }
    for (std::size_t i = 0; i < values.size(); ++i) cystSwitches_[i].update(cyst_->values[i], nowMs);
    cystLabels_ = raw.cystType->labels;
  } else if (cyst_ && !isCurrent(cyst_->atMs, nowMs, settings_.lostAfterMs)) {
    cyst_.reset();
    cystSwitches_.clear();
  }
  if (!cyst_) return;
  out.cystType = ClassProbabilities{cystLabels_, cyst_->values};
  std::optional<std::size_t> shown;
  for (std::size_t i = 0; i < cystSwitches_.size(); ++i)
    if (cystSwitches_[i].isOn() && (!shown || cyst_->values[i] > cyst_->values[*shown])) shown = i;
  if (shown) out.cystLabel = cystLabels_.at(*shown);
}

}  // namespace endoverlay
