#include "core/analysis/TimeIntensityCurve.h"

#include <algorithm>

namespace endoverlay {
namespace {

constexpr std::int64_t kPeakWindowNs = 1000000000;

bool sameBox(const std::optional<Box>& a, const std::optional<Box>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height);
}

}  // namespace

bool TimeIntensityCurve::add(const InferenceResult& result) {
  if (!result.contrast) return false;
  const ContrastReading& reading = *result.contrast;
  if (!reading.region) {
    const bool had = !points_.empty();
    *this = TimeIntensityCurve();
    return had;
  }
  if (!points_.empty() && result.ptsNs == points_.back().ptsNs) return false;
  if (!points_.empty() &&
      (result.ptsNs < points_.back().ptsNs || !sameBox(reading.region, region_) || !sameBox(reading.reference, reference_)))
    *this = TimeIntensityCurve();
  region_ = reading.region;
  reference_ = reading.reference;
  if (reading.injectionPtsNs) injectionPtsNs_ = reading.injectionPtsNs;
  Point point{result.ptsNs, reading.regionMean, std::nullopt, reading.secondsSinceInjection};
  if (reading.reference) point.reference = reading.referenceMean;
  points_.push_back(point);
  while (points_.back().ptsNs - points_.front().ptsNs > kMaxSpanNs) points_.pop_front();
  return true;
}

TimeIntensityCurve TimeIntensityCurve::shownWith(const std::vector<InferenceResult>& results,
                                                 const InferenceResult* shown) {
  TimeIntensityCurve curve;
  if (!shown) return curve;
  for (const InferenceResult* result = results.data(); result <= shown; ++result) curve.add(*result);
  return curve;
}

std::optional<TimeIntensityCurve::Peak> TimeIntensityCurve::regionPeak() const { return peakOf(false); }

std::optional<TimeIntensityCurve::Peak> TimeIntensityCurve::referencePeak() const {
  if (!reference_) return std::nullopt;
  return peakOf(true);
}

std::optional<TimeIntensityCurve::Peak> TimeIntensityCurve::peakOf(bool reference) const {
  const auto valueOf = [reference](const Point& p) { return reference ? p.reference.value_or(0.0) : p.region; };
  const auto first = injectionPtsNs_ ? std::find_if(points_.begin(), points_.end(),
                                                    [this](const Point& p) { return p.ptsNs >= *injectionPtsNs_; })
                                     : points_.begin();
  std::optional<Peak> peak;
  // The mean over the second centred on each point, kept as a running sum between two edges.
  auto from = first, to = first;
  double sum = 0;
  for (auto at = first; at != points_.end(); ++at) {
    while (to != points_.end() && to->ptsNs <= at->ptsNs + kPeakWindowNs / 2) sum += valueOf(*to++);
    while (from->ptsNs < at->ptsNs - kPeakWindowNs / 2) sum -= valueOf(*from++);
    const double mean = sum / static_cast<double>(to - from);
    if (peak && mean <= peak->intensity) continue;
    peak = Peak{mean, at->ptsNs, at->secondsSinceInjection};
  }
  return peak;
}

}  // namespace endoverlay
