#include "core/stability/HysteresisSwitch.h"

#include <cmath>

namespace endoverlay {

bool HysteresisSwitch::update(double value, double timeMs) {
  // NaN compares false with every threshold, which would hold a warning on for good.
  if (!std::isfinite(value) || !std::isfinite(timeMs)) return on_;
  if (on_) {
    if (value < settings_.off && timeMs - shownAt_ >= settings_.minOnScreenMs) on_ = false;
    return on_;
  }
  if (value < settings_.on) {
    risingSince_.reset();
    return false;
  }
  if (!risingSince_) risingSince_ = timeMs;
  if (timeMs - *risingSince_ >= settings_.showDelayMs) {
    on_ = true;
    shownAt_ = timeMs;
    risingSince_.reset();
  }
  return on_;
}

void HysteresisSwitch::reset() {
  on_ = false;
  risingSince_.reset();
}

}  // namespace endoverlay
