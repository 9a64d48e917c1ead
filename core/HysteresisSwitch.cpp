#include "core/HysteresisSwitch.h"

namespace endoverlay {

bool HysteresisSwitch::update(double value, double timeMs) {
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
