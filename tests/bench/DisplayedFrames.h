#pragma once

#include <atomic>
#include <chrono>

namespace endoverlay::bench {

// Counts frames as a user sees them: a frame is displayed when the screen (a
// rendered window, or offscreen the sink) first shows it, so a render that
// repeats a frame counts once and a frame replaced before any render not at
// all. Any thread.
class DisplayedFrames {
 public:
  // The newest frame handed to the display: any id that grows with each frame.
  void handed(long long id) { newest_ = id; }
  // The screen shows what it was last handed.
  void shown();

  long long count() const { return displayed_.load(); }
  // From the first frame displayed to the last.
  double seconds() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::atomic<long long> newest_{-1};
  std::atomic<long long> counted_{-1};
  std::atomic<long long> displayed_{0};
  std::atomic<Clock::rep> first_{0};
  std::atomic<Clock::rep> last_{0};
};

}  // namespace endoverlay::bench
