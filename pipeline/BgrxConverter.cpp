#include "pipeline/BgrxConverter.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "pipeline/FrameVideoInfo.h"

namespace endoverlay {
namespace {

// `bytes` at `pixels`, wrapped (not copied) and mapped as a video frame of `info` for as long as it lives.
class WrappedVideoFrame {
 public:
  WrappedVideoFrame(GstVideoInfo& info, std::uint8_t* pixels, gsize bytes, bool writable)
      : buffer_(gst_buffer_new_wrapped_full(writable ? static_cast<GstMemoryFlags>(0) : GST_MEMORY_FLAG_READONLY,
                                            pixels, bytes, 0, bytes, nullptr, nullptr)),
        mapped_(gst_video_frame_map(&frame_, &info, buffer_, writable ? GST_MAP_WRITE : GST_MAP_READ)) {
    if (!mapped_) {
      gst_buffer_unref(buffer_);
      throw std::runtime_error("cannot map a frame for conversion to BGRx");
    }
  }
  ~WrappedVideoFrame() {
    gst_video_frame_unmap(&frame_);
    gst_buffer_unref(buffer_);
  }
  WrappedVideoFrame(const WrappedVideoFrame&) = delete;
  WrappedVideoFrame& operator=(const WrappedVideoFrame&) = delete;

  GstVideoFrame* get() { return &frame_; }

 private:
  GstBuffer* buffer_;
  GstVideoFrame frame_{};
  bool mapped_;
};

// The planes of a packed I420 picture (Frame::i420) of `size`, as matrices over its memory.
std::array<cv::Mat, 3> planesOf(const cv::Mat& i420, cv::Size size) {
  const int w = size.width;
  const int h = size.height;
  std::uint8_t* y = i420.data;
  std::uint8_t* u = y + static_cast<std::ptrdiff_t>(w) * h;
  std::uint8_t* v = u + static_cast<std::ptrdiff_t>(w / 2) * (h / 2);
  return {cv::Mat(h, w, CV_8UC1, y), cv::Mat(h / 2, w / 2, CV_8UC1, u), cv::Mat(h / 2, w / 2, CV_8UC1, v)};
}

}  // namespace

BgrxConverter::~BgrxConverter() {
  if (converter_) gst_video_converter_free(converter_);
}

void BgrxConverter::convert(const GstVideoFrame& in, cv::Mat& out) {
  if (!converter_ || !gst_video_info_is_equal(&in.info, &from_)) {
    if (converter_) gst_video_converter_free(converter_);
    converter_ = nullptr;
    from_ = in.info;
    gst_video_info_set_format(&to_, GST_VIDEO_FORMAT_BGRx, GST_VIDEO_INFO_WIDTH(&in.info), GST_VIDEO_INFO_HEIGHT(&in.info));
    // GStreamer's converter refuses two rates, though it never changes one.
    to_.fps_n = from_.fps_n;
    to_.fps_d = from_.fps_d;
    // Dithering would add noise the models never saw in training, where frames were converted without it.
    GstStructure* config = gst_structure_new("config", GST_VIDEO_CONVERTER_OPT_DITHER_METHOD,
                                             GST_TYPE_VIDEO_DITHER_METHOD, GST_VIDEO_DITHER_NONE, nullptr);
    converter_ = gst_video_converter_new(&from_, &to_, config);
    if (!converter_) throw std::runtime_error("GStreamer cannot convert this video to BGRx");
  }
  out.create(GST_VIDEO_INFO_HEIGHT(&to_), GST_VIDEO_INFO_WIDTH(&to_), CV_8UC4);
  WrappedVideoFrame converted(to_, out.data, out.total() * out.elemSize(), true);
  gst_video_converter_frame(converter_, &in, converted.get());
}

Frame BgrxConverter::forHeads(const Frame& frame) {
  if (frame.i420.empty()) return frame;
  const cv::Size source = frame.size();
  const double scale = std::min({1.0, static_cast<double>(kHeadsWidth) / source.width,
                                 static_cast<double>(kHeadsHeight) / source.height});
  if (scale >= 1.0) return whole(frame);
  // Averaged down plane by plane (area, the heads' own resize), then converted: the colours of a third of the
  // bytes. Even sizes, as 4:2:0 needs.
  const cv::Size size(std::max(2, static_cast<int>(source.width * scale / 2) * 2),
                      std::max(2, static_cast<int>(source.height * scale / 2) * 2));
  Frame small = frame;
  small.i420 = buffers_.take(size.height * 3 / 2, size.width, CV_8UC1);
  const std::array<cv::Mat, 3> from = planesOf(frame.i420, source);
  const std::array<cv::Mat, 3> to = planesOf(small.i420, size);
  for (std::size_t plane = 0; plane < from.size(); ++plane)
    cv::resize(from[plane], to[plane], to[plane].size(), 0, 0, cv::INTER_AREA);
  Frame converted = whole(small);
  converted.scaledFrom = source;
  return converted;
}

Frame BgrxConverter::whole(const Frame& frame) {
  if (frame.i420.empty()) return frame;
  GstVideoInfo info = videoInfoOf(frame.format());
  Frame converted = frame;
  converted.i420.release();
  converted.bgrx = buffers_.take(frame.size().height, frame.size().width, CV_8UC4);
  // Read only: the pixels are shared with the display and the recorder.
  WrappedVideoFrame in(info, frame.i420.data, frame.i420.total(), false);
  convert(*in.get(), converted.bgrx);
  return converted;
}

}  // namespace endoverlay
