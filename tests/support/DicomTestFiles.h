#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace endoverlay::test {

// A DICOM file written by another tool (tests/dicom/make-dicom-files), with
// that tool's own decode of each frame.
struct DicomTestFile {
  std::filesystem::path path;
  std::string madeBy;
  int frames = 0;
  int width = 0;
  int height = 0;
  bool colour = false;
  double fps = 0;     // 0: the file states no frame time
  int tolerance = 0;  // largest difference allowed from the reference, per channel
  std::vector<std::filesystem::path> references;  // PNG, one per frame

  // Reference frame `index`: CV_8UC1, or CV_8UC3 in RGB order.
  cv::Mat reference(int index) const;
};

struct BrokenDicomFile {
  std::filesystem::path path;
  std::string reason;  // words the error must contain
};

struct DicomTestFiles {
  std::vector<DicomTestFile> files;
  std::vector<BrokenDicomFile> broken;
  std::vector<std::string> identifiers;  // patient data in one file's tags and name

  const DicomTestFile& named(const std::string& stem) const;
};

// The files the ctest fixture made_dicom_files wrote (ENDOVERLAY_DICOM_FILES).
const DicomTestFiles& dicomTestFiles();

// Largest per-channel difference of two 8-bit pictures of one size and type.
double largestDifference(const cv::Mat& a, const cv::Mat& b);

}  // namespace endoverlay::test
