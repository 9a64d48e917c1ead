#include "core/dicom/DicomExport.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <stdexcept>
#include <utility>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/support/AtomicFile.h"

namespace endoverlay {
namespace {

constexpr int kJpegQuality = 92;

void put(DcmDataset& dataset, const DcmTagKey& tag, const std::string& value) {
  if (dataset.putAndInsertString(tag, value.c_str()).bad())
    throw std::runtime_error("the DICOM export could not set " + std::string(DcmTag(tag).getTagName()));
}

// A UUID-derived UID (2.25.N, PS3.5 B.2): DCMTK's own UIDs carry the host, the process and the time, which
// would date the export though its dates are left empty.
std::string newUid() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  const std::uint64_t high = (random() & ~(0xFULL << 12)) | (0x4ULL << 12);  // version 4, as a random UUID has
  const std::uint64_t low = (random() & ~(0x3ULL << 62)) | (0x2ULL << 62);   // variant 1
  // The 128-bit number in decimal, by long division of its four 32-bit words.
  std::array<std::uint64_t, 4> words = {high >> 32, high & 0xFFFFFFFFULL, low >> 32, low & 0xFFFFFFFFULL};
  std::string digits;
  while (std::any_of(words.begin(), words.end(), [](std::uint64_t w) { return w != 0; })) {
    std::uint64_t remainder = 0;
    for (std::uint64_t& word : words) {
      const std::uint64_t current = (remainder << 32) | word;
      word = current / 10;
      remainder = current % 10;
    }
    digits.insert(digits.begin(), static_cast<char>('0' + remainder));
  }
  return "2.25." + (digits.empty() ? std::string("0") : digits);
}

// The modules every export shares: patient and study (empty but for the procedure ID), series, equipment,
// the SOP's identity, and the picture's size and colour.
void putSharedModules(DcmDataset& dataset, const char* sopClass, const DicomExportIdentity& identity, cv::Size size,
              const std::string& photometric, const std::string& lossyMethods) {
  put(dataset, DCM_SOPClassUID, sopClass);
  put(dataset, DCM_SOPInstanceUID, newUid());
  put(dataset, DCM_StudyInstanceUID, newUid());
  put(dataset, DCM_SeriesInstanceUID, newUid());
  for (const DcmTagKey& empty : {DCM_PatientName, DCM_PatientBirthDate, DCM_PatientSex, DCM_StudyDate, DCM_StudyTime,
                                 DCM_ReferringPhysicianName, DCM_StudyID, DCM_AccessionNumber, DCM_PatientOrientation})
    put(dataset, empty, "");
  put(dataset, DCM_PatientID, identity.procedureId);
  put(dataset, DCM_PatientIdentityRemoved, "YES");
  put(dataset, DCM_DeidentificationMethod, "Endoverlay export: nothing copied from the source");
  put(dataset, DCM_Modality, "OT");
  put(dataset, DCM_ConversionType, "WSD");
  put(dataset, DCM_SeriesNumber, "1");
  put(dataset, DCM_InstanceNumber, "1");
  put(dataset, DCM_SeriesDescription, identity.description);
  put(dataset, DCM_Manufacturer, "Endoverlay");
  put(dataset, DCM_SoftwareVersions, identity.softwareVersion);
  put(dataset, DCM_ImageType, "DERIVED\\SECONDARY");
  put(dataset, DCM_BurnedInAnnotation, "YES");
  // The recording is H.264 already; a clip is JPEG on top of it.
  put(dataset, DCM_LossyImageCompression, "01");
  put(dataset, DCM_LossyImageCompressionMethod, lossyMethods);
  put(dataset, DCM_SamplesPerPixel, "3");
  put(dataset, DCM_PhotometricInterpretation, photometric);
  put(dataset, DCM_PlanarConfiguration, "0");
  put(dataset, DCM_Rows, std::to_string(size.height));
  put(dataset, DCM_Columns, std::to_string(size.width));
  put(dataset, DCM_BitsAllocated, "8");
  put(dataset, DCM_BitsStored, "8");
  put(dataset, DCM_HighBit, "7");
  put(dataset, DCM_PixelRepresentation, "0");
}

// The file's bytes, preamble and meta header included, then written whole or not at all.
void save(DcmFileFormat& file, E_TransferSyntax syntax, const std::filesystem::path& path) {
  std::string bytes;
  std::vector<char> chunk(1 << 20);
  DcmOutputBufferStream stream(chunk.data(), static_cast<offile_off_t>(chunk.size()));
  const auto drain = [&] {
    void* filled = nullptr;
    offile_off_t length = 0;
    stream.flushBuffer(filled, length);
    bytes.append(static_cast<const char*>(filled), static_cast<std::size_t>(length));
  };
  file.transferInit();
  OFCondition written;
  while ((written = file.write(stream, syntax, EET_ExplicitLength, nullptr, EGL_recalcGL)) == EC_StreamNotifyClient) drain();
  file.transferEnd();
  if (written.bad()) throw std::runtime_error("the DICOM export could not be encoded: " + std::string(written.text()));
  drain();
  writeFileAtomically(path, bytes);
}

cv::Mat rgbOf(const cv::Mat& bgrx) {
  if (bgrx.type() != CV_8UC4) throw std::runtime_error("the DICOM export takes BGRx frames");
  cv::Mat rgb;
  cv::cvtColor(bgrx, rgb, cv::COLOR_BGRA2RGB);
  return rgb;
}

}  // namespace

void writeSnapshot(const std::filesystem::path& file, const cv::Mat& bgrx, SnapshotFormat format,
                   const DicomExportIdentity& identity) {
  if (format == SnapshotFormat::Dicom) return writeDicomSnapshot(file, bgrx, identity);
  cv::Mat bgr;
  cv::cvtColor(bgrx, bgr, cv::COLOR_BGRA2BGR);
  std::vector<unsigned char> encoded;
  if (!cv::imencode(".png", bgr, encoded)) throw std::runtime_error("the picture could not be encoded as PNG");
  writeFileAtomically(file, std::string(encoded.begin(), encoded.end()));
}

void writeDicomSnapshot(const std::filesystem::path& path, const cv::Mat& bgrx, const DicomExportIdentity& identity) {
  const cv::Mat rgb = rgbOf(bgrx);
  DcmFileFormat file;
  DcmDataset& dataset = *file.getDataset();
  putSharedModules(dataset, UID_SecondaryCaptureImageStorage, identity, rgb.size(), "RGB", "ISO_14496_10");
  if (dataset.putAndInsertUint8Array(DCM_PixelData, rgb.data, static_cast<unsigned long>(rgb.total() * 3)).bad())
    throw std::runtime_error("the DICOM export could not take the picture");
  save(file, EXS_LittleEndianExplicit, path);
}

DicomClipWriter::DicomClipWriter(std::filesystem::path file, double fps, DicomExportIdentity identity)
    : file_(std::move(file)), fps_(fps), identity_(std::move(identity)) {
  if (!(fps_ > 0) || !std::isfinite(fps_)) throw std::runtime_error("a DICOM clip needs a frame rate");
}

void DicomClipWriter::add(const cv::Mat& bgrx) {
  if (bgrx.type() != CV_8UC4) throw std::runtime_error("the DICOM export takes BGRx frames");
  if (jpegFrames_.empty()) size_ = bgrx.size();
  if (bgrx.size() != size_) throw std::runtime_error("the DICOM clip's frames change size");
  cv::Mat bgr;
  cv::cvtColor(bgrx, bgr, cv::COLOR_BGRA2BGR);
  std::vector<unsigned char> jpeg;
  // libjpeg's defaults: baseline, 4:2:0 chroma, YCbCr, as DICOM's JPEG baseline with YBR_FULL_422 expects.
  if (!cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, kJpegQuality, cv::IMWRITE_JPEG_PROGRESSIVE, 0}))
    throw std::runtime_error("a frame could not be encoded as JPEG");
  jpegFrames_.push_back(std::move(jpeg));
}

void DicomClipWriter::finish() {
  if (jpegFrames_.empty()) throw std::runtime_error("a DICOM clip needs at least one frame");
  DcmFileFormat file;
  DcmDataset& dataset = *file.getDataset();
  putSharedModules(dataset, UID_MultiframeTrueColorSecondaryCaptureImageStorage, identity_, size_, "YBR_FULL_422",
           "ISO_14496_10\\ISO_10918_1");
  put(dataset, DCM_NumberOfFrames, std::to_string(jpegFrames_.size()));
  if (dataset.putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_FrameTime).bad())
    throw std::runtime_error("the DICOM export could not set Frame Increment Pointer");
  char frameTime[32];
  std::snprintf(frameTime, sizeof frameTime, "%.6g", 1000.0 / fps_);
  put(dataset, DCM_FrameTime, frameTime);
  put(dataset, DCM_CineRate, std::to_string(std::lround(fps_)));
  put(dataset, DCM_RecommendedDisplayFrameRate, std::to_string(std::lround(fps_)));

  auto sequence = std::make_unique<DcmPixelSequence>(DcmTag(DCM_PixelData, EVR_OB));
  auto* offsetTable = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
  sequence->insert(offsetTable);
  DcmOffsetList offsets;
  for (auto& jpeg : jpegFrames_)
    if (sequence->storeCompressedFrame(offsets, jpeg.data(), static_cast<Uint32>(jpeg.size()), 0).bad())
      throw std::runtime_error("the DICOM export could not take a frame");
  if (offsetTable->createOffsetTable(offsets).bad()) throw std::runtime_error("the DICOM export could not index its frames");
  auto* pixelData = new DcmPixelData(DCM_PixelData);
  pixelData->putOriginalRepresentation(EXS_JPEGProcess1, nullptr, sequence.release());
  dataset.insert(pixelData, true);
  save(file, EXS_JPEGProcess1, file_);
}

}  // namespace endoverlay
