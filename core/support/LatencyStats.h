#pragma once

#include <cstddef>
#include <deque>

namespace endoverlay {

struct LatencySummary {
  std::size_t count = 0;
  double min = 0, mean = 0, p50 = 0, p99 = 0, p999 = 0, max = 0;  // milliseconds
};

// The latencies of one stage: the last `window` samples (all of them when
// window is 0), summarised with nearest-rank percentiles.
class LatencyStats {
 public:
  explicit LatencyStats(std::size_t window = 0) : window_(window) {}

  void add(double ms);
  LatencySummary summary() const;

 private:
  std::size_t window_;
  std::deque<double> samples_;
};

}  // namespace endoverlay
