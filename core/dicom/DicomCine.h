#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <opencv2/core.hpp>

namespace endoverlay {

// A DICOM file that cannot be shown: not DICOM, damaged, without pixel
// data, or coded in a way this build cannot decode. The message says which,
// for the user as it is; it never quotes the file's name or its tags.
class DicomError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class DicomColour { Grey, Rgb };

// The pictures of one DICOM file (DCMTK), single-frame or multi-frame
// (cine), as 8-bit frames ready to show: uncompressed, RLE, JPEG (baseline,
// extended, lossless) and JPEG-LS; monochrome (MONOCHROME1 is inverted),
// palette, RGB and YBR; 8 to 16 bits. Grey-scale beyond 8 bits goes through
// the file's first VOI window, or, without one, through the range of the
// first frame, kept for the whole cine so the picture does not flicker.
//
// Only what the picture needs is read from the file: no patient, study or
// institution tag is ever looked at, so none can leave this class. Frames
// are decoded one at a time on request; large values stay in the file until
// then. One thread at a time.
class DicomCine {
 public:
  // Opens `file`; throws DicomError.
  explicit DicomCine(const std::filesystem::path& file);
  ~DicomCine();
  DicomCine(const DicomCine&) = delete;
  DicomCine& operator=(const DicomCine&) = delete;

  // Whether `file` starts as a DICOM file does: 128 bytes, then "DICM".
  static bool looksLikeDicom(const std::filesystem::path& file);

  int width() const { return width_; }
  int height() const { return height_; }
  std::int64_t frameCount() const { return frameCount_; }
  DicomColour colour() const { return colour_; }
  // From Frame Time, Cine Rate, Recommended Display Frame Rate or Frame Time
  // Vector, in that order; kUntimedFps when the file states none.
  double framesPerSecond() const { return fps_; }
  bool statesFrameTime() const { return timed_; }

  // Frame `index` (0-based), 8-bit: CV_8UC1 for grey, CV_8UC3 in RGB order.
  // Throws DicomError when it cannot be decoded, std::out_of_range past the end.
  cv::Mat frame(std::int64_t index);
  // Frame `index`'s values in the units of its modality, through the file's Rescale Slope and Intercept when
  // it states them (Hounsfield units for CT): CV_32FC1, grey files only. Throws DicomError for a colour file,
  // a bad rescale or a frame that cannot be decoded, std::out_of_range past the end.
  cv::Mat values(std::int64_t index);
  // The same frame in RGB (grey repeated) written into `rgb`, a CV_8UC3 of the
  // file's size that may view memory of its own, such as a video buffer: a
  // player's per-frame call, with no picture-sized allocation of its own.
  void frameAsRgb(std::int64_t index, cv::Mat& rgb);

  static constexpr double kUntimedFps = 10.0;
  // Larger pictures are refused before anything is allocated for them.
  static constexpr int kLargestSide = 8192;

 private:
  struct Dcmtk;
  // Frame `index` as decoded: grey, RGB, or BGR (`bgr` set) from OpenCV's decoder into a buffer reused
  // from frame to frame, valid until the next call.
  cv::Mat decode(std::int64_t index, bool& bgr);

  std::unique_ptr<Dcmtk> dcmtk_;
  cv::Mat decoded_;  // decode()'s reused buffer
  int width_ = 0;
  int height_ = 0;
  std::int64_t frameCount_ = 0;
  DicomColour colour_ = DicomColour::Grey;
  double fps_ = kUntimedFps;
  bool timed_ = false;
};

}  // namespace endoverlay
