#include "core/support/LatencyStats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace endoverlay {

void LatencyStats::add(double ms) {
  samples_.push_back(ms);
  if (window_ > 0 && samples_.size() > window_) samples_.pop_front();
}

LatencySummary LatencyStats::summary() const {
  LatencySummary s;
  s.count = samples_.size();
  if (samples_.empty()) return s;
  std::vector<double> sorted(samples_.begin(), samples_.end());
  std::sort(sorted.begin(), sorted.end());
  const auto rank = [&](double q) {
    const auto index = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(index, 1, sorted.size()) - 1];
  };
  s.min = sorted.front();
  s.max = sorted.back();
  s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
  s.p50 = rank(0.50);
  s.p99 = rank(0.99);
  s.p999 = rank(0.999);
  return s;
}

}  // namespace endoverlay
