#pragma once

#include <chrono>
#include <deque>

namespace endoverlay {

// Events per second over the last second, e.g. frames shown.
class FrameRateCounter {
 public:
  void tick(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
  double perSecond(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) const;

 private:
  std::deque<std::chrono::steady_clock::time_point> ticks_;
};

}  // namespace endoverlay
