#pragma once

#include <opencv2/core.hpp>

namespace endoverlay {

// The CT window presets a radiologist reaches for first.
enum class WindowPreset { Abdomen, Kidney };

// How values (Hounsfield units, MR signal) are shown in grey: DICOM's linear VOI function (PS3.3
// C.11.2.1.2.1), which maps `centre` ± `width` / 2 onto black to white. A width below 1 is taken as 1.
struct WindowLevel {
  double centre = 40.0;
  double width = 400.0;

  // `values` (CV_32FC1) in 8-bit grey.
  cv::Mat apply(const cv::Mat& values) const;
  // The window after a drag of `dx`, `dy` pixels on a picture `side` pixels across: right widens and up
  // brightens (lowers the centre), a full side's drag by as much as the window is wide, as viewers do.
  WindowLevel dragged(double dx, double dy, double side) const;

  static WindowLevel preset(WindowPreset preset);
  static constexpr double kNarrowest = 1.0;
  static constexpr double kWidest = 65536.0;
};

}  // namespace endoverlay
