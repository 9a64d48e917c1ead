#include "core/stability/TemporalFilter.h"

#include <algorithm>
#include <cmath>

#include "core/analysis/AmpullaMask.h"
#include "core/analysis/SegmentationMask.h"

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

TemporalFilter::TemporalFilter(const StabilitySettings& settings) : settings_(settings) {}

void TemporalFilter::reset() { heads_.clear(); }

// A head whose output is invalid on this frame shows nothing, and its
// smoothing and hysteresis go on from the last valid frame as if this one
// had not come.
void TemporalFilter::update(InferenceResult& result) {
  const double nowMs = result.ptsNs / 1e6;
  for (HeadOutput& head : result.heads) {
    head.stable = {};
    if (head.invalid) continue;
    HeadState& state = heads_.try_emplace(head.id, settings_).first->second;
    if (head.kind == HeadKind::Classifier) smoothClasses(head, nowMs, state);
    else smoothMask(head, result.frameSize, nowMs, state);
  }
}

void TemporalFilter::smoothMask(HeadOutput& head, cv::Size frameSize, double nowMs, HeadState& state) const {
  if (!head.mask.empty() && !cv::checkRange(head.mask)) return;
  if (head.mask.empty()) {
    state.mask.release();
    return;
  }
  if (state.mask.empty() || state.mask.size() != head.mask.size() ||
      !isCurrent(state.maskAtMs, nowMs, settings_.lostAfterMs)) {
    state.mask = head.mask.clone();
  } else {
    const double w = weightOfNew(nowMs - state.maskAtMs, settings_.maskTimeConstantMs);
    cv::addWeighted(state.mask, 1.0 - w, head.mask, w, 0.0, state.mask);
  }
  state.maskAtMs = nowMs;
  if (head.kind == HeadKind::Segmenter) {
    head.stable.segmentation = segmentationOf(state.mask, frameSize, head.displayThreshold);
    return;
  }
  head.stable.mask = state.mask.clone();  // the filter keeps blending into state.mask
  head.stable.detection = detectAmpulla(state.mask, head.boxThreshold, frameSize);
}

void TemporalFilter::smoothClasses(HeadOutput& head, double nowMs, HeadState& state) const {
  const bool light = head.readout == ReadoutKind::TrafficLight;
  if (head.probabilities && (!light || head.groupProbability)) {
    std::vector<double> values = head.probabilities->values;
    if (light) values.push_back(*head.groupProbability);
    if (!allFinite(values)) return;
    if (!state.classes || state.classes->values.size() != values.size() ||
        !isCurrent(state.classes->atMs, nowMs, settings_.lostAfterMs)) {
      state.classes = Smoothed{values, nowMs};
      if (!light) state.badgeSwitches.assign(values.size(), HysteresisSwitch(settings_.cystType));
    } else {
      const double w = weightOfNew(nowMs - state.classes->atMs, settings_.probabilityTimeConstantMs);
      for (std::size_t i = 0; i < values.size(); ++i) state.classes->values[i] += w * (values[i] - state.classes->values[i]);
      state.classes->atMs = nowMs;
    }
    state.labels = head.probabilities->labels;
    if (light) {
      state.amber.update(state.classes->values.back(), nowMs);
      state.red.update(state.classes->values.back(), nowMs);
    } else {
      for (std::size_t i = 0; i < values.size(); ++i) state.badgeSwitches[i].update(state.classes->values[i], nowMs);
    }
  } else if (state.classes && !isCurrent(state.classes->atMs, nowMs, settings_.lostAfterMs)) {
    state.classes.reset();
    state.amber.reset();
    state.red.reset();
    state.badgeSwitches.clear();
  }
  if (!state.classes) return;
  const std::vector<double>& values = state.classes->values;
  if (light) {
    head.stable.light = state.red.isOn() ? TrafficLight::Red : state.amber.isOn() ? TrafficLight::Amber : TrafficLight::Green;
    head.stable.groupProbability = values.back();
    head.stable.probabilities = ClassProbabilities{state.labels, {values.begin(), values.end() - 1}};
    return;
  }
  head.stable.probabilities = ClassProbabilities{state.labels, values};
  std::optional<std::size_t> shown;
  for (std::size_t i = 0; i < state.badgeSwitches.size(); ++i)
    if (state.badgeSwitches[i].isOn() && (!shown || values[i] > values[*shown])) shown = i;
  if (shown) head.stable.label = state.labels.at(*shown);
}

}  // namespace endoverlay
