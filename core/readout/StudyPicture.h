#pragma once

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/analysis/InferenceResult.h"
#include "core/analysis/WindowLevel.h"

namespace endoverlay {

// One slice position of a study as the study window shows it, for its exports and report.
struct StudyView {
  std::vector<std::string> paneNames;     // one per series (StudyPanes::names)
  std::vector<cv::Mat> values;            // each series' slice here (CV_32FC1); empty where it has none
  std::vector<InferenceResult> readouts;  // each pane's heads (StudyPanes::split); none before the heads ran
  WindowLevel window;                     // the viewer's, which the models never see
  std::optional<Box> region;              // the region the heads read, in slice pixels
  std::string caption;                    // the line under the panes: study ID, slice, position, window
};

// The panes side by side, each series' slice through the viewer's window with its name, the region and its
// heads' readouts (paintReadouts: the liver's outline, the badges), and under them the caption and the
// not-for-clinical-use line. A series without a slice here is a black pane saying so. BGRx (CV_8UC4).
cv::Mat paintStudyView(const StudyView& view);

}  // namespace endoverlay
