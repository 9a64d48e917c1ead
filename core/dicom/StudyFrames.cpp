#include "core/dicom/StudyFrames.h"

#include <algorithm>
#include <cctype>

#include <opencv2/imgproc.hpp>

#include "core/dicom/DicomCine.h"
#include "core/evaluation/ClassificationMetrics.h"

namespace endoverlay {
namespace {

constexpr double kSameOrientation = 1e-3;
constexpr double kSameSpacing = 0.01;  // of the first series' pixel spacing
constexpr double kSamePlaceMm = 0.01;

DicomModality dicomModalityOf(StudyModality modality) {
  return modality == StudyModality::Ct ? DicomModality::Ct : DicomModality::Mr;
}

std::string lowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool describes(const DicomSeries& series, const StudySeries& wanted) {
  const std::string description = lowerCase(series.description());
  return std::any_of(wanted.matches.begin(), wanted.matches.end(),
                     [&](const std::string& word) { return description.find(word) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : ", ") + word;
  return text;
}

}  // namespace

StudyFrames::StudyFrames(const std::vector<DicomSeries>& studySeries, const StudyLayout& layout)
    : modality_(layout.modality) {
  const std::string modality = layout.modality == StudyModality::Ct ? "CT" : "MR";
  std::vector<const DicomSeries*> candidates;
  for (const DicomSeries& series : studySeries)
    if (series.modality() == dicomModalityOf(layout.modality)) candidates.push_back(&series);
  if (candidates.empty()) throw DicomError("holds no " + modality + " series");
  series_.assign(layout.series.size(), nullptr);
  for (std::size_t i = 0; i < layout.series.size(); ++i) {
    const auto it = std::find_if(candidates.begin(), candidates.end(), [&](const DicomSeries* s) {
      return s && describes(*s, layout.series[i]);
    });
    if (it == candidates.end()) continue;
    series_[i] = *it;
    *it = nullptr;
  }
  std::vector<const DicomSeries*> left;
  std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(left), [](const DicomSeries* s) { return s; });
  std::vector<std::string> unmatched;
  for (std::size_t i = 0; i < layout.series.size(); ++i)
    if (!series_[i]) unmatched.push_back(layout.series[i].id);
  if (!unmatched.empty()) {
    if (left.size() != unmatched.size()) {
      throw DicomError("has " + modality + " series that do not say which is the " + joined(unmatched) +
                       " series (their descriptions hold none of its words), and " + std::to_string(left.size()) +
                       " other series " + (left.size() == 1 ? "is" : "are") + " left to take by order");
    }
    std::size_t next = 0;
    for (std::size_t i = 0; i < layout.series.size(); ++i)
      if (!series_[i]) series_[i] = left[next++];
    notices_.push_back("the " + joined(unmatched) + " series " + (unmatched.size() == 1 ? "was" : "were") +
                       " taken by series number, as " + (unmatched.size() == 1 ? "its description does" : "their descriptions do") +
                       " not name " + (unmatched.size() == 1 ? "it" : "them"));
  }
  const DicomSeries& first = *series_.front();
  for (std::size_t i = 1; i < series_.size(); ++i) {
    const DicomSeries& other = *series_[i];
    const std::string which = "the " + layout.series[i].id + " series ";
    const std::string against = " than the " + layout.series.front().id + " series";
    if (other.placed() != first.placed())
      throw DicomError("has series that cannot be laid together: " + which +
                       (other.placed() ? "states" : "does not state") + " where its slices lie, and the " +
                       layout.series.front().id + " series " + (first.placed() ? "does" : "does not"));
    if (first.orientation() && other.orientation())
      for (std::size_t k = 0; k < 6; ++k)
        if (std::abs((*first.orientation())[k] - (*other.orientation())[k]) > kSameOrientation)
          throw DicomError("has series that cannot be laid together: " + which + "lies at another orientation" + against);
    for (std::size_t k = 0; k < 2; ++k)
      if (std::abs(other.pixelSpacingMm()[k] - first.pixelSpacingMm()[k]) > kSameSpacing * first.pixelSpacingMm()[k])
        throw DicomError("has series that cannot be laid together: " + which + "has another pixel spacing" + against);
  }
  for (std::size_t i = 1; i < series_.size(); ++i)
    if (series_[i]->width() != first.width() || series_[i]->height() != first.height())
      throw DicomError("has series of different sizes: the " + layout.series[i].id + " series' slices are " + std::to_string(series_[i]->width()) +
                       "×" + std::to_string(series_[i]->height()) + ", the " + layout.series.front().id + " series' " +
                       std::to_string(first.width()) + "×" + std::to_string(first.height()) +
                       ": a region cannot be carried between them");
}

Frame StudyFrames::frameAt(std::size_t shown, int index, const WindowLevel& window) const {
  const DicomSeries& viewed = *series_.at(shown);
  const double position = viewed.slicePositionMm(index);
  Frame frame;
  frame.index = index;
  for (std::size_t i = 0; i < series_.size(); ++i) {
    const DicomSeries& series = *series_[i];
    const int nearest = i == shown ? index : series.sliceNearest(position);
    const double reach = std::max(kSamePlaceMm, std::max(viewed.sliceSpacingMm(), series.sliceSpacingMm()) / 2);
    const bool reaches = std::abs(series.slicePositionMm(nearest) - position) <= reach;
    frame.seriesValues.push_back(reaches ? series.values(nearest) : cv::Mat());
  }
  cv::cvtColor(window.apply(frame.seriesValues[shown]), frame.bgrx, cv::COLOR_GRAY2BGRA);
  return frame;
}

WindowLevel StudyFrames::initialWindow() const {
  if (modality_ == StudyModality::Ct) return WindowLevel::preset(WindowPreset::Abdomen);
  const DicomSeries& first = *series_.front();
  if (first.storedWindow()) return *first.storedWindow();
  const cv::Mat values = first.values(first.sliceCount() / 2).clone();
  const std::vector<double> bounds = percentiles({values.begin<float>(), values.end<float>()}, {0.5, 99.5});
  return WindowLevel{(bounds[0] + bounds[1]) / 2, std::max(bounds[1] - bounds[0], WindowLevel::kNarrowest)};
}

}  // namespace endoverlay
