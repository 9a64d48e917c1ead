#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/analysis/Frame.h"
#include "core/analysis/WindowLevel.h"
#include "core/dicom/DicomSeries.h"
#include "core/protocol/Protocol.h"

namespace endoverlay {

// A DICOM study read the way a study protocol reads it: each of the protocol's series (StudyLayout) matched
// to one of the study's, and frames built slice by slice for the heads.
//
// Matching: among the study's series of the protocol's modality, a protocol series takes the first whose
// description holds one of its words; those still unmatched take the study's remaining series in Series
// Number order (scanners number series in the order they acquire them), which notices() says, when as many
// remain as are needed. All matched series must have the same picture size, orientation and pixel spacing,
// and state their positions or all not, since a region dragged on one is carried to the others at the same
// place.
class StudyFrames {
 public:
  // `series`: a study's (DicomStudy::series()), which must outlive this. Throws DicomError saying which of the
  // protocol's series the study lacks, or how the series differ.
  StudyFrames(const std::vector<DicomSeries>& series, const StudyLayout& layout);

  // The study's series that serves each of the protocol's series, in the protocol's order.
  const std::vector<const DicomSeries*>& series() const { return series_; }
  // How the series were matched when it was not by their descriptions, in words for the user.
  const std::vector<std::string>& notices() const { return notices_; }

  // The frame at slice `index` of the protocol's series `shown`: the nearest slice of every matched series
  // by position along the normal (seriesValues; left empty for a series with no slice within half a slice
  // spacing, whose heads then do not run), and the shown slice through `window` as the picture.
  // frame.index is `index`. Throws DicomError when a slice cannot be decoded, std::out_of_range past the end.
  Frame frameAt(std::size_t shown, int index, const WindowLevel& window) const;
  // How the slices are first shown: CT through the abdomen window; MR through the window the series states,
  // or else stretched between the 0.5th and 99.5th percentiles of its middle slice.
  WindowLevel initialWindow() const;

 private:
  std::vector<const DicomSeries*> series_;
  std::vector<std::string> notices_;
  StudyModality modality_;
};

}  // namespace endoverlay
