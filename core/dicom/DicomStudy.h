#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/dicom/DicomSeries.h"

namespace endoverlay {

// The series of slices in a folder (its sub-folders searched too) or in one file, as a CT or MR study is
// archived: one file per slice, any names, any order. Files are grouped by Series Instance UID and each
// group becomes a DicomSeries, ordered by Series Number.
//
// What is left out is said in notices(), in words for the user and never by file name: files that are not
// DICOM, DICOM objects without a picture (a report, a presentation state), multi-frame or colour pictures
// (a cine opens on its own), damaged headers, and whole series that cannot be shown, with the reason.
// DCMTK parses each header whole, but only the tags that place a slice, and the series' description, are
// looked at: no patient, study or institution tag's value is ever read out, and the UIDs grouping the files
// stay inside this class, where the Study Instance UIDs are only hashed into the opaque study ID.
class DicomStudy {
 public:
  // Throws DicomError when nothing in `folderOrFile` can be shown, saying why.
  explicit DicomStudy(const std::filesystem::path& folderOrFile);

  const std::vector<DicomSeries>& series() const { return series_; }
  const std::vector<std::string>& notices() const { return notices_; }
  // The study's ID in reviews, exports and reports: 32 hex digits of an HMAC of its Study Instance UIDs (its
  // Series Instance UIDs when no file states one) under `siteKey` (siteKeyIn). The same study gives the same
  // ID under one key; nobody without the key can tell which study it is.
  std::string opaqueId(const std::string& siteKey) const;

  // A folder with more files than this is refused before any is read: a whole archive, not a study.
  static constexpr std::size_t kMostFiles = 20000;

 private:
  std::vector<DicomSeries> series_;
  std::vector<std::string> notices_;
  std::string identityUids_;  // the UIDs opaqueId hashes, one a line
};

}  // namespace endoverlay
