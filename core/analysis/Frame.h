#pragma once

#include <chrono>
#include <cstdint>

#include <opencv2/core.hpp>

namespace endoverlay {

using SteadyTime = std::chrono::steady_clock::time_point;

// One decoded video frame. The pixels are shared, not copied, between the
// display and inference, so nobody may write to them once the frame is out.
struct Frame {
  std::int64_t index = -1;
  std::int64_t ptsNs = 0;
  SteadyTime arrival{};
  cv::Mat bgrx;  // CV_8UC4, B G R and one unused byte per pixel
};

}  // namespace endoverlay
