#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// The time-intensity curve of a contrast study (CEUS): the mean grey of the
// user's region, and of the reference region when one is set, frame by
// frame, from the results in the order they came. It starts afresh when
// the user sets another region or reference, and when time runs backwards
// (a jump back in a replay), so one curve is always of one place. The live
// view, replay and the exports all build it from results, so they draw the
// same curve.
class TimeIntensityCurve {
 public:
  // A curve keeps at most this much of its past: a long study's newest quarter of an hour.
  static constexpr std::int64_t kMaxSpanNs = 15LL * 60 * 1000000000;

  struct Point {
    std::int64_t ptsNs = 0;
    double region = 0;
    std::optional<double> reference;
    std::optional<double> secondsSinceInjection;
  };
  // The highest point of a curve, averaged over a second so the bubbles' speckle does not pick it.
  struct Peak {
    double intensity = 0;
    std::int64_t ptsNs = 0;
    std::optional<double> secondsAfterInjection;  // the time to peak, once the injection is marked
  };

  // Adds `result`'s reading; one of the frame already added adds nothing, and one without a region (cleared)
  // leaves the curve empty. Returns whether the curve changed.
  bool add(const InferenceResult& result);
  // The curve shown with `shown`, one of `results` (resultShownAt), or with none before the first.
  static TimeIntensityCurve shownWith(const std::vector<InferenceResult>& results, const InferenceResult* shown);

  bool empty() const { return points_.empty(); }
  const std::deque<Point>& points() const { return points_; }
  std::optional<std::int64_t> injectionPtsNs() const { return injectionPtsNs_; }
  bool hasReference() const { return reference_.has_value(); }
  // From the injection on when it is marked, over the whole curve otherwise; none for an empty curve.
  std::optional<Peak> regionPeak() const;
  std::optional<Peak> referencePeak() const;

 private:
  std::optional<Peak> peakOf(bool reference) const;

  std::deque<Point> points_;
  std::optional<Box> region_;
  std::optional<Box> reference_;
  std::optional<std::int64_t> injectionPtsNs_;
};

}  // namespace endoverlay
