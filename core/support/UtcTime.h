#pragma once

#include <chrono>
#include <string>

namespace endoverlay {

// `time` in UTC through strftime's `format`; recordings and reviews are dated in UTC so that sites in
// different time zones sort them alike.
std::string formatUtc(std::chrono::system_clock::time_point time, const char* format = "%Y-%m-%dT%H:%M:%SZ");

}  // namespace endoverlay
