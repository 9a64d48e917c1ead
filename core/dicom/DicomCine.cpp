#include "core/dicom/DicomCine.h"

#include "core/dicom/DcmtkSetup.h"

#include <cmath>
#include <fstream>
#include <optional>
#include <utility>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmimgle/dipixel.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace endoverlay {
namespace {

constexpr double kFastestFps = 1000.0;
constexpr double kSlowestFps = 0.1;
// A frame's JPEG larger than this is not one the fast path takes (OpenCV indexes its bytes with an int).
constexpr std::size_t kLargestFragment = 1u << 30;

bool plausibleFps(double fps) { return std::isfinite(fps) && fps >= kSlowestFps && fps <= kFastestFps; }

// The rate the file states, in the order the standard's cine module prefers them.
std::optional<double> statedFps(DcmDataset& dataset) {
  Float64 frameTimeMs = 0;
  if (dataset.findAndGetFloat64(DCM_FrameTime, frameTimeMs).good() && frameTimeMs > 0 &&
      plausibleFps(1000.0 / frameTimeMs))
    return 1000.0 / frameTimeMs;
  for (const DcmTagKey& rateTag : {DCM_CineRate, DCM_RecommendedDisplayFrameRate}) {
    Sint32 rate = 0;
    if (dataset.findAndGetSint32(rateTag, rate).good() && plausibleFps(rate)) return rate;
  }
  // The vector's first entry is the first frame's time, 0; the others are the gaps before each frame.
  const unsigned long entries = [&dataset] {
    DcmElement* vector = nullptr;
    return dataset.findAndGetElement(DCM_FrameTimeVector, vector).good() ? vector->getVM() : 0UL;
  }();
  double total = 0;
  for (unsigned long i = 1; i < entries; ++i) {
    Float64 gap = 0;
    if (dataset.findAndGetFloat64(DCM_FrameTimeVector, gap, i).bad() || !(gap > 0)) return std::nullopt;
    total += gap;
  }
  if (entries > 1 && plausibleFps(1000.0 * (entries - 1) / total)) return 1000.0 * (entries - 1) / total;
  return std::nullopt;
}

// Whether one RLE segment (PackBits) gives its `pixels` bytes from its own bytes alone; what follows them is
// padding. DCMTK 3.6.7's RLE decoder trusts a literal run's length and reads past the segment, out of the
// file, on a damaged one.
bool rleSegmentInBounds(const Uint8* data, std::size_t size, std::size_t pixels) {
  std::size_t at = 0;
  std::size_t decoded = 0;
  while (decoded < pixels) {
    if (at >= size) return false;
    const Uint8 header = data[at++];
    if (header < 128) {
      if (size - at < static_cast<std::size_t>(header) + 1) return false;
      at += header + 1U;
      decoded += header + 1U;
    } else if (header > 128) {
      if (at >= size) return false;
      ++at;
      decoded += 257U - header;
    }
  }
  return true;
}

// The Pixel Data element, of the class its tag promises: a damaged file may give it another VR, which DCMTK
// then reads into another class of element.
DcmPixelData* pixelDataOf(DcmDataset& dataset) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || !element || element->ident() != EVR_PixelData)
    throw DicomError("damaged: its Pixel Data is of the wrong kind");
  return static_cast<DcmPixelData*>(element);
}

// The RLE fragment of frame `index` (RLE keeps one per frame): a 64-byte header of 1 to 15 segment offsets,
// rising, inside the fragment, and segments of `pixels` bytes each that stay inside themselves (PS3.5 annex
// G). Checked just before DCMTK decodes that frame, on the very bytes it will decode: it reads large
// fragments from the file again for each decode. Throws DicomError naming the frame.
void checkRleFragment(DcmDataset& dataset, std::int64_t index, std::size_t pixels) {
  DcmPixelSequence* sequence = nullptr;
  const std::string where = "damaged RLE data in frame " + std::to_string(index + 1);
  if (pixelDataOf(dataset)->getEncapsulatedRepresentation(EXS_RLELossless, nullptr, sequence).bad() || !sequence)
    throw DicomError("damaged or cut short: no RLE fragments");
  const auto item = static_cast<unsigned long>(index + 1);  // the first item is the offset table
  {
    DcmPixelItem* fragment = nullptr;
    Uint8* data = nullptr;
    if (item >= sequence->card() || sequence->getItem(fragment, item).bad() || fragment->getUint8Array(data).bad() ||
        !data)
      throw DicomError(where);
    const std::size_t size = fragment->getLength();
    if (size < 64) throw DicomError(where);
    const auto word = [data](std::size_t i) {
      return static_cast<std::size_t>(data[4 * i]) | static_cast<std::size_t>(data[4 * i + 1]) << 8 |
             static_cast<std::size_t>(data[4 * i + 2]) << 16 | static_cast<std::size_t>(data[4 * i + 3]) << 24;
    };
    const std::size_t segments = word(0);
    if (segments < 1 || segments > 15) throw DicomError(where);
    for (std::size_t i = 1; i <= segments; ++i) {
      const std::size_t begin = word(i);
      const std::size_t end = i < segments ? word(i + 1) : size;
      if (begin < 64 || end <= begin || end > size || !rleSegmentInBounds(data + begin, end - begin, pixels))
        throw DicomError(where);
    }
  }
}

// Whether DCMTK 3.6.7's JPEG decoder leaves the markers at the start of `data`: looking for the frame's bit
// depth it walks them up to the first SOF and never moves past a TEM marker (FF 01), so a damaged fragment
// with one there would hang it. The same walk, stopping where it stops.
bool jpegMarkersEnd(const Uint8* data, std::size_t size) {
  std::size_t offset = 0;
  while (offset + 4 < size) {
    if (data[offset] != 0xff) return true;  // not a marker: DCMTK stops
    const Uint8 marker = data[offset + 1];
    const std::size_t length = static_cast<std::size_t>(data[offset + 2]) << 8 | data[offset + 3];
    if (marker == 0x01) return false;
    if (marker == 0xff) {  // a fill byte
      offset += 1;
      continue;
    }
    const bool frameStart = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (frameStart) return true;
    if (marker == 0xc4 || marker == 0xcc || (marker >= 0xda && marker <= 0xdf) || (marker >= 0xe0 && marker <= 0xfe))
      offset += length + 2;
    else if ((marker >= 0xd0 && marker <= 0xd9) || (marker > 0x02 && marker <= 0xbf))
      offset += 2;
    else
      return true;
  }
  return true;
}

// Whether the JPEG in `data` is a baseline frame (SOF0) of `size` with `channels` components, by its markers
// up to that frame header.
bool baselineHeaderIs(const Uint8* data, std::size_t size, cv::Size picture, int channels) {
  if (size < 4 || data[0] != 0xff || data[1] != 0xd8) return false;
  std::size_t offset = 2;
  while (offset + 9 < size && data[offset] == 0xff) {
    const Uint8 marker = data[offset + 1];
    const std::size_t length = static_cast<std::size_t>(data[offset + 2]) << 8 | data[offset + 3];
    if (marker == 0xc0) {
      const int height = data[offset + 5] << 8 | data[offset + 6];
      const int width = data[offset + 7] << 8 | data[offset + 8];
      return height == picture.height && width == picture.width && data[offset + 9] == channels;
    }
    // Tables, restart intervals, application data and comments may come before the frame header; nothing else.
    const bool before = marker == 0xc4 || marker == 0xdb || marker == 0xdd || (marker >= 0xe0 && marker <= 0xef) ||
                        marker == 0xfe;
    if (!before || length < 2) return false;
    offset += 2 + length;
  }
  return false;
}

// The compressed fragments DCMTK will read for frame `index` (of `frames`), checked with jpegMarkersEnd just
// before it decodes them: frame `index`'s own with one fragment a frame, every fragment otherwise, since
// DCMTK then finds each frame's first fragment itself. Returns whether every fragment was checked, so the
// others need not be again. Throws DicomError naming the frame.
bool checkJpegFragments(DcmDataset& dataset, E_TransferSyntax syntax, std::int64_t index, std::int64_t frames) {
  DcmPixelSequence* sequence = nullptr;
  if (pixelDataOf(dataset)->getEncapsulatedRepresentation(syntax, nullptr, sequence).bad() || !sequence)
    throw DicomError("damaged or cut short: no compressed fragments");
  const unsigned long items = sequence->card();
  const bool ownFragment = static_cast<std::int64_t>(items) == frames + 1;
  const unsigned long first = ownFragment ? static_cast<unsigned long>(index + 1) : 1;
  const unsigned long last = ownFragment ? first : items - 1;
  for (unsigned long item = first; item <= last && item < items; ++item) {
    DcmPixelItem* fragment = nullptr;
    Uint8* data = nullptr;
    if (sequence->getItem(fragment, item).bad() || fragment->getUint8Array(data).bad()) continue;
    const bool ends = !data || jpegMarkersEnd(data, fragment->getLength());
    fragment->compact();  // read from the file again when decoded, so a long cine is not kept in memory
    if (!ends) throw DicomError("damaged JPEG data in frame " + std::to_string(index + 1));
  }
  return !ownFragment;
}

// The pixel module, within what DCMTK 3.6.7 decodes safely: some of its older releases write past their
// buffers on contradictory values (bits stored below 8 in 16-bit words with an odd pixel count, pixel data
// shorter than the frames). Throws DicomError naming the attribute.
void checkPixelModule(DcmDataset& dataset, std::size_t pixelsPerFrame, std::int64_t frames, bool encapsulated) {
  Uint16 allocated = 0;
  Uint16 stored = 0;
  Uint16 highBit = 0;
  Uint16 samples = 1;
  if (dataset.findAndGetUint16(DCM_BitsAllocated, allocated).bad() || (allocated != 8 && allocated != 16))
    throw DicomError("Bits Allocated must be 8 or 16");
  if (dataset.findAndGetUint16(DCM_BitsStored, stored).bad() || stored < 1 || stored > allocated)
    throw DicomError("Bits Stored must lie from 1 to Bits Allocated");
  if (dataset.findAndGetUint16(DCM_HighBit, highBit).bad() || highBit != stored - 1)
    throw DicomError("High Bit must be Bits Stored - 1");
  dataset.findAndGetUint16(DCM_SamplesPerPixel, samples);
  if (samples != 1 && samples != 3) throw DicomError("Samples per Pixel must be 1 or 3");
  Uint16 planar = 0;
  if (dataset.findAndGetUint16(DCM_PlanarConfiguration, planar).good() && planar > 1)
    throw DicomError("Planar Configuration must be 0 or 1");
  if (encapsulated) return;
  OFString photometric;
  dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometric);
  // YBR_FULL_422 keeps two samples a pixel; the others as many as they say.
  const double bytesPerPixel = (photometric == "YBR_FULL_422" ? 2.0 : samples) * (allocated / 8);
  const double needed = bytesPerPixel * static_cast<double>(pixelsPerFrame) * static_cast<double>(frames);
  if (pixelDataOf(dataset)->getLength() < needed)
    throw DicomError("damaged or cut short: its pixel data is short of its frames");
}

// The modality's linear rescale (PS3.3 C.11.1.1.2), identity when the file states neither value. Bounded so
// that 32-bit stored values stay finite as floats.
std::pair<double, double> readRescale(DcmDataset& dataset) {
  double slope = 1.0;
  double intercept = 0.0;
  Float64 value = 0;
  if (dataset.tagExists(DCM_RescaleSlope)) {
    if (dataset.findAndGetFloat64(DCM_RescaleSlope, value).bad() || !std::isfinite(value) || value == 0 ||
        std::abs(value) > 1e6)
      throw DicomError("Rescale Slope is not a number other than 0, within ±1000000");
    slope = value;
  }
  if (dataset.tagExists(DCM_RescaleIntercept)) {
    if (dataset.findAndGetFloat64(DCM_RescaleIntercept, value).bad() || !std::isfinite(value) || std::abs(value) > 1e9)
      throw DicomError("Rescale Intercept is not a number within ±1000000000");
    intercept = value;
  }
  return {slope, intercept};
}

// The stored values DCMTK decoded, as the Mat type that holds them.
int matTypeOf(EP_Representation representation) {
  switch (representation) {
    case EPR_Uint8: return CV_8UC1;
    case EPR_Sint8: return CV_8SC1;
    case EPR_Uint16: return CV_16UC1;
    case EPR_Sint16: return CV_16SC1;
    case EPR_Sint32: return CV_32SC1;
    case EPR_Uint32: break;  // OpenCV has no unsigned 32-bit type; 16 bits allocated never decode to it
  }
  throw DicomError("pixel values of more than 31 bits");
}

std::string transferSyntaxName(E_TransferSyntax syntax) {
  const DcmXfer xfer(syntax);
  return xfer.getXferName() ? xfer.getXferName() : "an unknown transfer syntax";
}

// Whether `dataset`'s frames can be handed to OpenCV's JPEG decoder as they are: JPEG baseline, 8 bits, one
// fragment a frame, and colours libjpeg reads as DCMTK does (YCbCr turned into RGB, or grey).
bool plainBaselineJpeg(DcmDataset& dataset, E_TransferSyntax syntax, std::int64_t frames) {
  if (syntax != EXS_JPEGProcess1) return false;
  Uint16 allocated = 0;
  Uint16 samples = 0;
  OFString photometric;
  dataset.findAndGetUint16(DCM_BitsAllocated, allocated);
  dataset.findAndGetUint16(DCM_SamplesPerPixel, samples);
  dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometric);
  const bool colour = samples == 3 && (photometric == "YBR_FULL_422" || photometric == "YBR_FULL");
  const bool grey = samples == 1 && photometric == "MONOCHROME2";
  DcmPixelSequence* sequence = nullptr;
  return allocated == 8 && (colour || grey) &&
         pixelDataOf(dataset)->getEncapsulatedRepresentation(syntax, nullptr, sequence).good() && sequence &&
         static_cast<std::int64_t>(sequence->card()) == frames + 1;
}

}  // namespace

struct DicomCine::Dcmtk {
  DcmFileFormat file;
  DcmDataset* dataset = nullptr;
  E_TransferSyntax syntax = EXS_Unknown;
  std::size_t pixelsPerFrame = 0;
  std::int64_t frames = 0;
  bool fragmentsChecked = false;  // checkJpegFragments() has seen every fragment
  // Grey-scale only: the window every frame is shown through; none shows the stored range as it is.
  std::optional<std::pair<double, double>> window;
  bool plainJpeg = false;  // plainBaselineJpeg(): frames go to plainJpegFrame() first

  // Frame `index` of a plain baseline JPEG cine (grey, or colour in BGR order) into `into` through
  // libjpeg-turbo, whose SIMD decoder is several times faster than DCMTK's own at HD and 4K
  // (docs/benchmarks.md). False when that decoder cannot read it as `size` with `channels`: DCMTK then
  // decodes the frame, or says why it cannot.
  bool plainJpegFrame(std::int64_t index, cv::Size size, int channels, cv::Mat& into) {
    DcmPixelSequence* sequence = nullptr;
    DcmPixelItem* fragment = nullptr;
    Uint8* data = nullptr;
    if (pixelDataOf(*dataset)->getEncapsulatedRepresentation(syntax, nullptr, sequence).bad() || !sequence ||
        sequence->getItem(fragment, static_cast<unsigned long>(index + 1)).bad() ||
        fragment->getUint8Array(data).bad() || !data || fragment->getLength() == 0)
      return false;
    const std::size_t length = fragment->getLength();
    // A damaged fragment whose header claims another size is not decoded at all: libjpeg would allocate for
    // whatever the header says.
    const bool plain = length < kLargestFragment && baselineHeaderIs(data, length, size, channels);
    const cv::Mat bytes(1, static_cast<int>(plain ? length : 0), CV_8UC1, data);
    const bool decoded =
        plain && !cv::imdecode(bytes, (channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR) | cv::IMREAD_IGNORE_ORIENTATION,
                               &into).empty();
    fragment->compact();  // read from the file again next time, so a long cine is not kept in memory
    return decoded && into.size() == size && into.channels() == channels;
  }

  // Frame `index` alone, decoded, through the modality's rescale or (`flags`) without it; throws DicomError.
  std::unique_ptr<DicomImage> image(std::int64_t index, unsigned long flags = 0) {
    if (DcmXfer(syntax).isEncapsulated() && !DcmCodecList::canChangeCoding(syntax, EXS_LittleEndianExplicit))
      throw DicomError("pictures coded as " + transferSyntaxName(syntax) +
                       ", which cannot be decoded here (uncompressed, RLE, JPEG and JPEG-LS can)");
    if (syntax == EXS_RLELossless) checkRleFragment(*dataset, index, pixelsPerFrame);
    else if (DcmXfer(syntax).isEncapsulated() && !fragmentsChecked)
      fragmentsChecked = checkJpegFragments(*dataset, syntax, index, frames);
    auto decoded = std::make_unique<DicomImage>(dataset, syntax, CIF_UsePartialAccessToPixelData | flags,
                                                static_cast<unsigned long>(index), 1UL);
    const EI_Status status = decoded->getStatus();
    if (status == EIS_Normal) return decoded;
    throw DicomError("pictures that cannot be decoded (" + std::string(DicomImage::getString(status)) + ")");
  }
};

bool DicomCine::looksLikeDicom(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char head[132] = {};
  return in.read(head, sizeof head) && std::string(head + 128, 4) == "DICM";
}

DicomCine::DicomCine(const std::filesystem::path& file) : dcmtk_(std::make_unique<Dcmtk>()) {
  prepareDcmtk();
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw DicomError("does not exist, or is not a file");
  if (!looksLikeDicom(file)) throw DicomError("not a DICOM file (no DICM marker after the 128-byte preamble)");
  const OFCondition loaded = dcmtk_->file.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_fileOnly);
  if (loaded.bad()) throw DicomError("damaged or cut short: " + std::string(loaded.text()));
  dcmtk_->dataset = dcmtk_->file.getDataset();
  DcmDataset& dataset = *dcmtk_->dataset;
  dcmtk_->syntax = dataset.getOriginalXfer();
  if (!dataset.tagExists(DCM_PixelData))
    throw DicomError("no pixel data: a DICOM object, but not an image");
  Uint16 rows = 0;
  Uint16 columns = 0;
  if (dataset.findAndGetUint16(DCM_Rows, rows).bad() || dataset.findAndGetUint16(DCM_Columns, columns).bad() ||
      rows == 0 || columns == 0)
    throw DicomError("no picture size (Rows, Columns)");
  if (rows > kLargestSide || columns > kLargestSide)
    throw DicomError("pictures of " + std::to_string(columns) + "×" + std::to_string(rows) +
                     " are larger than " + std::to_string(kLargestSide) + " on a side");
  Sint32 frames = 1;
  if (dataset.tagExists(DCM_NumberOfFrames) &&
      (dataset.findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1))
    throw DicomError("Number of Frames is not a positive number");
  dcmtk_->pixelsPerFrame = static_cast<std::size_t>(rows) * columns;
  dcmtk_->frames = frames;
  checkPixelModule(dataset, dcmtk_->pixelsPerFrame, frames, DcmXfer(dcmtk_->syntax).isEncapsulated());
  width_ = columns;
  height_ = rows;
  frameCount_ = frames;
  if (const auto fps = statedFps(dataset)) {
    fps_ = *fps;
    timed_ = true;
  }

  // The first frame is decoded now: a file that cannot be shown is refused when it is opened, not later.
  const auto first = dcmtk_->image(0);
  colour_ = first->isMonochrome() ? DicomColour::Grey : DicomColour::Rgb;
  if (colour_ == DicomColour::Grey) {
    Uint16 bitsStored = 8;
    dataset.findAndGetUint16(DCM_BitsStored, bitsStored);
    const bool windowed = (first->getWindowCount() > 0 && first->setWindow(0) != 0) ||
                          (bitsStored > 8 && first->setMinMaxWindow() != 0);
    double centre = 0;
    double width = 0;
    if (windowed && first->getWindow(centre, width) && width > 0) dcmtk_->window = std::make_pair(centre, width);
  }
  dcmtk_->plainJpeg = !dcmtk_->window && plainBaselineJpeg(dataset, dcmtk_->syntax, frameCount_);
}

DicomCine::~DicomCine() = default;

cv::Mat DicomCine::frame(std::int64_t index) {
  bool bgr = false;
  const cv::Mat pixels = decode(index, bgr);
  cv::Mat out;
  if (bgr) cv::cvtColor(pixels, out, cv::COLOR_BGR2RGB);
  else out = pixels.data == decoded_.data ? pixels.clone() : pixels;
  return out;
}

cv::Mat DicomCine::values(std::int64_t index) {
  if (index < 0 || index >= frameCount_) throw std::out_of_range("frame " + std::to_string(index) + " is not in the file");
  if (colour_ != DicomColour::Grey) throw DicomError("colour pictures hold no values to measure");
  // Read here, not when the file opens: a cine is shown without its rescale, so a bad one must not refuse it.
  const auto [slope, intercept] = readRescale(*dcmtk_->dataset);
  const auto image = dcmtk_->image(index, CIF_IgnoreModalityTransformation);
  const DiPixel* stored = image->getInterData();
  if (!stored || !stored->getData() || stored->getCount() < static_cast<unsigned long>(width_) * height_)
    throw DicomError("frame " + std::to_string(index + 1) + " of " + std::to_string(frameCount_) +
                     " cannot be decoded");
  const cv::Mat raw(height_, width_, matTypeOf(stored->getRepresentation()), const_cast<void*>(stored->getData()));
  cv::Mat out;
  raw.convertTo(out, CV_32F, slope, intercept);
  return out;
}

void DicomCine::frameAsRgb(std::int64_t index, cv::Mat& rgb) {
  CV_Assert(rgb.type() == CV_8UC3 && rgb.cols == width_ && rgb.rows == height_);
  bool bgr = false;
  const cv::Mat pixels = decode(index, bgr);
  if (pixels.channels() == 1) cv::cvtColor(pixels, rgb, cv::COLOR_GRAY2RGB);
  else if (bgr) cv::cvtColor(pixels, rgb, cv::COLOR_BGR2RGB);
  else pixels.copyTo(rgb);
}

cv::Mat DicomCine::decode(std::int64_t index, bool& bgr) {
  if (index < 0 || index >= frameCount_) throw std::out_of_range("frame " + std::to_string(index) + " is not in the file");
  const int channels = colour_ == DicomColour::Grey ? 1 : 3;
  bgr = channels == 3;
  if (dcmtk_->plainJpeg && dcmtk_->plainJpegFrame(index, {width_, height_}, channels, decoded_)) return decoded_;
  bgr = false;
  const auto image = dcmtk_->image(index);
  if (dcmtk_->window) image->setWindow(dcmtk_->window->first, dcmtk_->window->second);
  cv::Mat out(height_, width_, colour_ == DicomColour::Grey ? CV_8UC1 : CV_8UC3);
  const auto bytes = static_cast<unsigned long>(out.total() * out.elemSize());
  // A colour file's frame may decode as grey (or the other way) when a damaged file contradicts itself.
  if ((image->isMonochrome() != 0) != (colour_ == DicomColour::Grey) || image->getOutputDataSize(8) != bytes ||
      !image->getOutputData(out.data, bytes, 8, 0, 0))
    throw DicomError("frame " + std::to_string(index + 1) + " of " + std::to_string(frameCount_) +
                     " cannot be decoded");
  return out;
}

}  // namespace endoverlay
