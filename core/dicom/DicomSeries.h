#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/analysis/WindowLevel.h"

namespace endoverlay {

enum class DicomModality { Ct, Mr, Other };

// One slice of a series as its header describes it: where it lies, and nothing about whom.
struct DicomSlice {
  std::filesystem::path file;
  std::optional<std::array<double, 3>> position;     // Image Position (Patient), mm
  std::optional<std::array<double, 6>> orientation;  // Image Orientation (Patient): row, then column direction
  int instanceNumber = 0;
  int width = 0;
  int height = 0;
};

// The slices of one DICOM series (one Series Instance UID), single-frame files in order of their position
// along the slices' normal (the cross product of the row and column directions; feet to head for axial
// slices), whatever the files' names or instance numbers. Without positions, by Instance Number, which
// warnings() says.
//
// Checked when built: all slices the same size and orientation, or DicomError saying what differs. Gaps
// (a missing slice) and slices at the same place are not errors: the series opens, and warnings() says
// where. Values are decoded one slice at a time on request (DicomCine), through each file's own rescale.
class DicomSeries {
 public:
  // `slices` of one series in any order; throws DicomError.
  DicomSeries(int seriesNumber, DicomModality modality, std::vector<DicomSlice> slices,
              std::optional<WindowLevel> storedWindow, std::array<double, 2> pixelSpacingMm,
              std::string description = {});

  int sliceCount() const { return static_cast<int>(slices_.size()); }
  int width() const { return slices_.front().width; }
  int height() const { return slices_.front().height; }
  int seriesNumber() const { return seriesNumber_; }
  DicomModality modality() const { return modality_; }
  // Series Description, as the scanner names the acquisition ("Arterial 2.5 mm"): used to recognise a
  // protocol's series, and never written anywhere, since a site may put anything in it.
  const std::string& description() const { return description_; }
  // Across a column, then across a row (mm); 0 where the files state none.
  std::array<double, 2> pixelSpacingMm() const { return pixelSpacing_; }
  // Whether every slice states its position and orientation, so that places are in mm.
  bool placed() const { return placed_; }
  // The slices' Image Orientation (Patient); none when they state none.
  const std::optional<std::array<double, 6>>& orientation() const { return slices_.front().orientation; }
  // Slice `index`'s place along the normal (mm), or its index without positions.
  double slicePositionMm(int index) const { return positions_.at(index); }
  // The usual distance between neighbouring slices (mm); 0 for a single slice.
  double sliceSpacingMm() const { return spacing_; }
  // The window the series states first; none when it states none.
  const std::optional<WindowLevel>& storedWindow() const { return storedWindow_; }
  // What a reader should know before trusting the series' geometry, in words for the user.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Slice `index`'s values (CV_32FC1: Hounsfield units for CT). Throws DicomError, std::out_of_range.
  cv::Mat values(int index) const;
  // The slice nearest `positionMm` along the normal.
  int sliceNearest(double positionMm) const;

 private:
  void order();
  void findGaps();

  int seriesNumber_;
  DicomModality modality_;
  std::string description_;
  std::vector<DicomSlice> slices_;
  std::vector<double> positions_;
  bool placed_ = false;
  std::optional<WindowLevel> storedWindow_;
  std::array<double, 2> pixelSpacing_;
  double spacing_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace endoverlay
