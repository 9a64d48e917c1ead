#include "core/dicom/DicomStudy.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "core/dicom/DcmtkSetup.h"
#include "core/dicom/DicomCine.h"
#include "core/support/Sha256.h"

namespace endoverlay {
namespace {

// What is left out of a study, counted: the notices name how many, never which.
enum class LeftOut { NotDicom, Damaged, NoPicture, MultiFrame, Colour, Undecodable, NoSeries };

std::string noticeOf(LeftOut reason, int count) {
  const bool one = count == 1;
  const std::string files = std::to_string(count) + (one ? " file" : " files");
  switch (reason) {
    case LeftOut::NotDicom: return files + (one ? " is" : " are") + " not DICOM";
    case LeftOut::Damaged: return files + (one ? " is" : " are") + " damaged or cut short";
    case LeftOut::NoPicture:
      return files + (one ? " holds" : " hold") + " no picture (a report or another object that is not an image)";
    case LeftOut::MultiFrame:
      return files + (one ? " is a multi-frame picture" : " are multi-frame pictures") + " (a cine): open it on its own";
    case LeftOut::Colour: return files + (one ? " is a colour picture" : " are colour pictures") + ", not a slice";
    case LeftOut::Undecodable:
      return files + (one ? " is" : " are") + " coded in a way this build cannot decode (compression, bit depth or size)";
    case LeftOut::NoSeries: return files + (one ? " states" : " state") + " no Series Instance UID";
  }
  return files;
}

template <std::size_t N>
std::optional<std::array<double, N>> numbers(DcmDataset& dataset, const DcmTagKey& tag) {
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    Float64 value = 0;
    if (dataset.findAndGetFloat64(tag, value, static_cast<unsigned long>(i)).bad() || !std::isfinite(value))
      return std::nullopt;
    out[i] = value;
  }
  return out;
}

DicomModality modalityOf(const OFString& text) {
  if (text == "CT") return DicomModality::Ct;
  if (text == "MR") return DicomModality::Mr;
  return DicomModality::Other;
}

std::string modalityName(DicomModality modality) {
  switch (modality) {
    case DicomModality::Ct: return "CT";
    case DicomModality::Mr: return "MR";
    case DicomModality::Other: break;
  }
  return "image";
}

// One slice's file, as its header describes it and the series it belongs to.
struct SliceFile {
  DicomSlice slice;
  int seriesNumber = 0;
  DicomModality modality = DicomModality::Other;
  std::optional<WindowLevel> window;
  std::array<double, 2> spacing{};
  std::string description;
  std::string studyUid;
};

// The header of `file`, or why it is left out.
std::variant<SliceFile, LeftOut> readHeader(const std::filesystem::path& file, std::string& seriesUid) {
  if (!DicomCine::looksLikeDicom(file)) return LeftOut::NotDicom;
  DcmFileFormat format;
  // Large values (the pixels) stay in the file: only the header is read.
  if (format.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_fileOnly).bad())
    return LeftOut::Damaged;
  DcmDataset& dataset = *format.getDataset();
  if (!dataset.tagExists(DCM_PixelData)) return LeftOut::NoPicture;
  Sint32 frames = 1;
  if (dataset.tagExists(DCM_NumberOfFrames) && (dataset.findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1))
    return LeftOut::Damaged;
  if (frames > 1) return LeftOut::MultiFrame;
  Uint16 samples = 1;
  dataset.findAndGetUint16(DCM_SamplesPerPixel, samples);
  if (samples != 1) return LeftOut::Colour;
  // What DicomCine refuses when a slice is opened, refused here already, so that a series opens only when its
  // slices can be shown.
  const E_TransferSyntax syntax = dataset.getOriginalXfer();
  Uint16 allocated = 0;
  if ((DcmXfer(syntax).isEncapsulated() && !DcmCodecList::canChangeCoding(syntax, EXS_LittleEndianExplicit)) ||
      dataset.findAndGetUint16(DCM_BitsAllocated, allocated).bad() || (allocated != 8 && allocated != 16))
    return LeftOut::Undecodable;
  OFString uid;
  if (dataset.findAndGetOFString(DCM_SeriesInstanceUID, uid).bad() || uid.empty()) return LeftOut::NoSeries;
  SliceFile out;
  Uint16 rows = 0;
  Uint16 columns = 0;
  if (dataset.findAndGetUint16(DCM_Rows, rows).bad() || dataset.findAndGetUint16(DCM_Columns, columns).bad() ||
      rows == 0 || columns == 0)
    return LeftOut::Damaged;
  if (rows > DicomCine::kLargestSide || columns > DicomCine::kLargestSide) return LeftOut::Undecodable;
  out.slice = {file, numbers<3>(dataset, DCM_ImagePositionPatient), numbers<6>(dataset, DCM_ImageOrientationPatient),
               0, columns, rows};
  Sint32 number = 0;
  if (dataset.findAndGetSint32(DCM_InstanceNumber, number).good()) out.slice.instanceNumber = number;
  if (dataset.findAndGetSint32(DCM_SeriesNumber, number).good()) out.seriesNumber = number;
  OFString modality;
  dataset.findAndGetOFString(DCM_Modality, modality);
  out.modality = modalityOf(modality);
  OFString description;
  if (dataset.findAndGetOFString(DCM_SeriesDescription, description).good()) out.description = description.c_str();
  Float64 centre = 0;
  Float64 width = 0;
  if (dataset.findAndGetFloat64(DCM_WindowCenter, centre).good() &&
      dataset.findAndGetFloat64(DCM_WindowWidth, width).good() && std::isfinite(centre) && std::isfinite(width) &&
      width >= WindowLevel::kNarrowest)
    out.window = WindowLevel{centre, std::min(width, WindowLevel::kWidest)};
  if (const auto spacing = numbers<2>(dataset, DCM_PixelSpacing); spacing && (*spacing)[0] > 0 && (*spacing)[1] > 0)
    out.spacing = *spacing;
  OFString study;
  if (dataset.findAndGetOFString(DCM_StudyInstanceUID, study).good()) out.studyUid = study.c_str();
  seriesUid = uid.c_str();
  return out;
}

std::vector<std::filesystem::path> filesIn(const std::filesystem::path& folderOrFile) {
  std::error_code error;
  if (std::filesystem::is_regular_file(folderOrFile, error)) return {folderOrFile};
  if (!std::filesystem::is_directory(folderOrFile, error)) throw DicomError("does not exist, or is not a folder or a file");
  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator walk(
      folderOrFile, std::filesystem::directory_options::skip_permission_denied, error);
  if (error) throw DicomError("cannot be read: " + error.message());
  for (auto end = std::filesystem::recursive_directory_iterator(); walk != end; walk.increment(error)) {
    if (error) throw DicomError("cannot be read: " + error.message());
    if (!walk->is_regular_file(error)) continue;
    if (files.size() == DicomStudy::kMostFiles)
      throw DicomError("holds more than " + std::to_string(DicomStudy::kMostFiles) +
                       " files: open one study's own folder");
    files.push_back(walk->path());
  }
  // The order files are listed in is the file system's; sorting makes a study read the same everywhere.
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

DicomStudy::DicomStudy(const std::filesystem::path& folderOrFile) {
  prepareDcmtk();
  std::map<std::string, std::vector<SliceFile>> groups;
  std::map<LeftOut, int> leftOut;
  for (const auto& file : filesIn(folderOrFile)) {
    std::string uid;
    auto header = readHeader(file, uid);
    if (auto* left = std::get_if<LeftOut>(&header)) ++leftOut[*left];
    else groups[uid].push_back(std::move(std::get<SliceFile>(header)));
  }
  for (const auto& [reason, count] : leftOut) notices_.push_back(noticeOf(reason, count));
  std::set<std::string> studyUids;
  std::set<std::string> seriesUids;
  for (auto& [uid, files] : groups) {
    const SliceFile& first = files.front();
    seriesUids.insert(uid);
    if (!first.studyUid.empty()) studyUids.insert(first.studyUid);
    std::vector<DicomSlice> slices;
    for (auto& file : files) slices.push_back(std::move(file.slice));
    try {
      series_.emplace_back(first.seriesNumber, first.modality, std::move(slices), first.window, first.spacing,
                           first.description);
    } catch (const DicomError& error) {
      notices_.push_back("series " + std::to_string(first.seriesNumber) + " (" + modalityName(first.modality) + ", " +
                         std::to_string(files.size()) + " files) is left out: " + error.what());
    }
  }
  for (const std::string& uid : studyUids.empty() ? seriesUids : studyUids) identityUids_ += uid + "\n";
  std::stable_sort(series_.begin(), series_.end(),
                   [](const DicomSeries& a, const DicomSeries& b) { return a.seriesNumber() < b.seriesNumber(); });
  if (series_.empty()) {
    std::string why = groups.empty() && leftOut.empty() ? "holds no files" : "holds no series of slices";
    for (std::size_t i = 0; i < notices_.size(); ++i) why += (i ? "; " : ": ") + notices_[i];
    throw DicomError(why);
  }
}

std::string DicomStudy::opaqueId(const std::string& siteKey) const {
  return hmacSha256OfBytes(siteKey, identityUids_).substr(0, 32);
}

}  // namespace endoverlay
