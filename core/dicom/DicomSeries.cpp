#include "core/dicom/DicomSeries.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "core/dicom/DicomCine.h"

namespace endoverlay {
namespace {

constexpr double kSameOrientation = 1e-3;
// Slices closer than this along the normal (mm) lie at the same place.
constexpr double kSamePlace = 1e-3;
// A step this many times the usual spacing has slices missing from it.
constexpr double kGap = 1.5;
constexpr std::size_t kMostGapWarnings = 5;

std::string millimetres(double value) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << value << " mm";
  return text.str();
}

std::array<double, 3> normalOf(const std::array<double, 6>& orientation) {
  for (const double cosine : orientation)
    if (!(std::abs(cosine) <= 1.0 + kSameOrientation))
      throw DicomError("Image Orientation (Patient) holds values that are not direction cosines");
  const std::array<double, 3> n = {orientation[1] * orientation[5] - orientation[2] * orientation[4],
                                   orientation[2] * orientation[3] - orientation[0] * orientation[5],
                                   orientation[0] * orientation[4] - orientation[1] * orientation[3]};
  const double length = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  if (!(length > 1e-6)) throw DicomError("Image Orientation (Patient) does not give two directions");
  return {n[0] / length, n[1] / length, n[2] / length};
}

}  // namespace

DicomSeries::DicomSeries(int seriesNumber, DicomModality modality, std::vector<DicomSlice> slices,
                         std::optional<WindowLevel> storedWindow, std::array<double, 2> pixelSpacingMm,
                         std::string description)
    : seriesNumber_(seriesNumber),
      modality_(modality),
      description_(std::move(description)),
      slices_(std::move(slices)),
      storedWindow_(storedWindow),
      pixelSpacing_(pixelSpacingMm) {
  if (slices_.empty()) throw DicomError("no slices");
  const DicomSlice& first = slices_.front();
  for (const DicomSlice& slice : slices_) {
    if (slice.width != first.width || slice.height != first.height)
      throw DicomError("its slices differ in size (" + std::to_string(first.width) + "×" +
                       std::to_string(first.height) + " and " + std::to_string(slice.width) + "×" +
                       std::to_string(slice.height) + ")");
    if (slice.orientation && first.orientation) {
      for (std::size_t i = 0; i < 6; ++i)
        if (std::abs((*slice.orientation)[i] - (*first.orientation)[i]) > kSameOrientation)
          throw DicomError("its slices lie at different orientations");
    }
  }
  order();
  findGaps();
}

void DicomSeries::order() {
  const bool placed = std::all_of(slices_.begin(), slices_.end(),
                                  [](const DicomSlice& s) { return s.position && s.orientation; });
  placed_ = placed;
  std::vector<std::pair<double, std::size_t>> keys;
  if (placed) {
    const auto normal = normalOf(*slices_.front().orientation);
    for (std::size_t i = 0; i < slices_.size(); ++i) {
      const auto& p = *slices_[i].position;
      keys.emplace_back(p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2], i);
    }
  } else {
    for (std::size_t i = 0; i < slices_.size(); ++i) keys.emplace_back(slices_[i].instanceNumber, i);
    if (slices_.size() > 1)
      warnings_.push_back("the slices state no position: they are in the order of their instance numbers, "
                          "and distances between them are not known");
  }
  std::stable_sort(keys.begin(), keys.end(), [this](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first
                              : slices_[a.second].instanceNumber < slices_[b.second].instanceNumber;
  });
  std::vector<DicomSlice> ordered;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ordered.push_back(slices_[keys[i].second]);
    positions_.push_back(placed ? keys[i].first : static_cast<double>(i));
  }
  slices_ = std::move(ordered);
  if (!placed) return;
  std::vector<double> steps;
  for (std::size_t i = 1; i < positions_.size(); ++i)
    if (positions_[i] - positions_[i - 1] > kSamePlace) steps.push_back(positions_[i] - positions_[i - 1]);
  if (steps.empty()) return;
  // The lower median: with few slices, or half the steps doubled by gaps, the upper one would take a gap for
  // the spacing.
  const auto middle = steps.begin() + static_cast<std::ptrdiff_t>((steps.size() - 1) / 2);
  std::nth_element(steps.begin(), middle, steps.end());
  spacing_ = *middle;
}

void DicomSeries::findGaps() {
  if (spacing_ <= 0) {
    if (slices_.size() > 1 && warnings_.empty()) warnings_.push_back("all its slices lie at the same place");
    return;
  }
  std::size_t shared = 0;  // slices that share their place with a neighbour, each counted once
  std::vector<std::string> gaps;
  std::size_t gapCount = 0;
  double missing = 0;  // a hostile file's positions may put any number of slice steps in one gap
  for (std::size_t i = 1; i < positions_.size(); ++i) {
    const double step = positions_[i] - positions_[i - 1];
    if (step <= kSamePlace) {
      shared += (i == 1 || positions_[i - 1] - positions_[i - 2] > kSamePlace) ? 2 : 1;
    } else if (step > kGap * spacing_) {
      missing += std::max(std::round(step / spacing_) - 1.0, 1.0);
      if (++gapCount <= kMostGapWarnings)
        gaps.push_back(millimetres(positions_[i - 1]) + " and " + millimetres(positions_[i]));
    }
  }
  if (missing > 0) {
    std::ostringstream count;
    count << std::setprecision(12) << missing;
    std::string text = count.str() + (missing == 1 ? " slice is" : " slices are") +
                       " missing, at the usual spacing of " + millimetres(spacing_) + ": between ";
    for (std::size_t i = 0; i < gaps.size(); ++i) text += (i ? "; " : "") + gaps[i];
    const std::size_t more = gapCount - gaps.size();
    if (more > 0) text += "; and " + std::to_string(more) + (more == 1 ? " more gap" : " more gaps");
    warnings_.push_back(text);
  }
  if (shared > 0)
    warnings_.push_back(std::to_string(shared) + " slices share a place with another: two acquisitions "
                        "may be mixed in one series");
}

cv::Mat DicomSeries::values(int index) const {
  const DicomSlice& slice = slices_.at(static_cast<std::size_t>(index));
  DicomCine picture(slice.file);
  if (picture.width() != slice.width || picture.height() != slice.height || picture.frameCount() != 1)
    throw DicomError("slice " + std::to_string(index + 1) + " has changed since the series was opened");
  return picture.values(0);
}

int DicomSeries::sliceNearest(double positionMm) const {
  const auto nearest = std::min_element(positions_.begin(), positions_.end(), [positionMm](double a, double b) {
    return std::abs(a - positionMm) < std::abs(b - positionMm);
  });
  return static_cast<int>(nearest - positions_.begin());
}

}  // namespace endoverlay
