#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace endoverlay {

// What an exported DICOM file says about itself. Nothing in it is copied from
// a source: every UID is new, the procedure ID is the recording's opaque one
// (Patient ID), and the patient's name, birth date, sex, the study's date,
// accession number and physician are present, as the standard asks, but empty.
struct DicomExportIdentity {
  std::string procedureId;
  std::string description;      // Series Description, plain ASCII
  std::string softwareVersion;
};

enum class SnapshotFormat {
  Png,
  Dicom,  // Secondary Capture, uncompressed RGB: the PNG's pixels
};

// One annotated picture (BGRx, CV_8UC4) as a PNG, or as writeDicomSnapshot writes it (`identity` is only
// used then). Written whole or not at all; throws std::runtime_error.
void writeSnapshot(const std::filesystem::path& file, const cv::Mat& bgrx, SnapshotFormat format,
                   const DicomExportIdentity& identity);

// One annotated frame (BGRx, CV_8UC4) as a Secondary Capture Image: RGB,
// uncompressed, so its pixels are those of the PNG export. Written whole or
// not at all (writeFileAtomically); throws std::runtime_error.
void writeDicomSnapshot(const std::filesystem::path& file, const cv::Mat& bgrx, const DicomExportIdentity& identity);

// Annotated frames gathered into one Multi-frame True Colour Secondary
// Capture Image at the clip's frame rate: each frame JPEG baseline (YBR_FULL_422),
// lossy like the MP4 export, kept compressed in memory until finish().
class DicomClipWriter {
 public:
  DicomClipWriter(std::filesystem::path file, double fps, DicomExportIdentity identity);

  // Adds a BGRx frame (CV_8UC4) of the same size as the first; throws std::runtime_error.
  void add(const cv::Mat& bgrx);
  std::int64_t frames() const { return static_cast<std::int64_t>(jpegFrames_.size()); }
  // Writes the file whole or not at all; throws std::runtime_error.
  void finish();

 private:
  std::filesystem::path file_;
  double fps_;
  DicomExportIdentity identity_;
  cv::Size size_;
  std::vector<std::vector<unsigned char>> jpegFrames_;
};

}  // namespace endoverlay
