#include "ui/FrameRateCounter.h"

namespace endoverlay {

namespace {
constexpr std::chrono::seconds kWindow{1};
}

void FrameRateCounter::tick(std::chrono::steady_clock::time_point now) {
  ticks_.push_back(now);
  while (!ticks_.empty() && now - ticks_.front() > kWindow) ticks_.pop_front();
}

double FrameRateCounter::perSecond(std::chrono::steady_clock::time_point now) const {
  double count = 0;
  for (const auto& tick : ticks_)
    if (now - tick <= kWindow) ++count;
  return count;
}

}  // namespace endoverlay
