#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/InferenceResult.h"
#include "core/analysis/StudyPanes.h"
#include "core/analysis/WindowLevel.h"
#include "core/readout/StudyPicture.h"
#include "core/recording/ReviewFile.h"

namespace endoverlay {

class InferenceStage;
class StudyFrames;

// A study's reviews, exports and report live in an output folder (the recordings folder), named by the
// study's opaque ID (DicomStudy::opaqueId) and never by anything of the study's own.
struct StudyOutputs {
  std::filesystem::path folder;
  std::string studyId;

  std::filesystem::path review() const { return folder / (studyId + ".review.json"); }
  // The picture of slice `slice` (counted from 0, named from 1 as the window shows it).
  std::filesystem::path slicePicture(int slice, bool dicom) const;
  std::filesystem::path report() const { return folder / (studyId + ".report.html"); }
};

// The line under an exported study picture: the study ID, the slice, its position and the window.
std::string studyCaption(const std::string& studyId, int slice, int slices, double positionMm, const WindowLevel& window);

// One slice position as the study window shows it: `result` (null before the heads ran) split onto `panes`,
// each pane with its first badge only.
StudyView studyViewAt(const Frame& frame, const StudyPanes& panes, const InferenceResult* result, const WindowLevel& window,
                      const std::optional<Box>& region, std::string caption);

// What a study's report is written from: the study opened as the window opened it.
struct StudyReportInput {
  std::string studyId;
  std::string modeName;
  const StudyFrames* frames = nullptr;
  InferenceStage* stage = nullptr;  // of the study's protocol, with nothing else set: the region is set from `review`
  const StudyPanes* panes = nullptr;
  Review review;                    // the verdict, the notes on slices, the region
  WindowLevel window;               // the viewer's, for the pictures
  int shownSlice = 0;               // the slice on screen, pictured with the noted ones
  std::vector<std::string> notices; // how the study was read: left-out files, series matched by number
};

// One self-contained HTML page about a study, for QA: its opaque ID, the date, mode, series, slices, region,
// app and model versions with SHA-256, the reviewer's verdict and notes, what every head read on every slice
// (run again here, as the window ran them), and the pictures of the noted slices and the one on screen,
// overlay burned in. Nothing of the study's tags or file names. Returns the number of slices read; throws
// std::runtime_error (or DicomError) with a message for the user.
std::size_t writeStudyReport(const StudyReportInput& input, const std::filesystem::path& htmlFile);

}  // namespace endoverlay
