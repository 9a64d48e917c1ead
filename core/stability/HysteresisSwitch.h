#pragma once

#include <optional>

namespace endoverlay {

struct HysteresisSettings {
  double on = 0.6;              // show once the value is at or above this ...
  double off = 0.5;             // ... and hide once it falls below this
  double showDelayMs = 500;     // the value must stay at or above `on` this long before showing
  double minOnScreenMs = 2000;  // once shown, stay at least this long
};

// A warning that does not flicker: separate on and off thresholds, a delay
// before showing, and a minimum time on screen. Time is the frame's pts in
// milliseconds, so it works the same live and offline. A value or time that
// is not finite is ignored: it neither shows nor hides the warning.
class HysteresisSwitch {
 public:
  explicit HysteresisSwitch(const HysteresisSettings& settings) : settings_(settings) {}

  bool update(double value, double timeMs);
  bool isOn() const { return on_; }
  void reset();

 private:
  HysteresisSettings settings_;
  bool on_ = false;
  std::optional<double> risingSince_;
  double shownAt_ = 0;
};

}  // namespace endoverlay
