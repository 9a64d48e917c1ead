#include "bench/DisplayedFrames.h"

namespace endoverlay::bench {

void DisplayedFrames::shown() {
  const long long newest = newest_.load();
  if (newest < 0 || counted_.exchange(newest) == newest) return;
  const Clock::rep now = Clock::now().time_since_epoch().count();
  if (displayed_++ == 0) first_ = now;
  last_ = now;
}

double DisplayedFrames::seconds() const {
  return std::chrono::duration<double>(Clock::duration(last_.load() - first_.load())).count();
}

}  // namespace endoverlay::bench
