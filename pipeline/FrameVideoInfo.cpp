#include "pipeline/FrameVideoInfo.h"

namespace endoverlay {

GstVideoInfo videoInfoOf(const FrameFormat& format, double fps) {
  GstVideoInfo info;
  const bool i420 = format.layout == PixelLayout::I420;
  gst_video_info_set_format(&info, i420 ? GST_VIDEO_FORMAT_I420 : GST_VIDEO_FORMAT_BGRx,
                            static_cast<guint>(format.size.width), static_cast<guint>(format.size.height));
  int fpsN = 0;
  int fpsD = 1;
  gst_util_double_to_fraction(fps > 0 ? fps : 0.0, &fpsN, &fpsD);
  info.fps_n = fpsN;
  info.fps_d = fpsD;
  if (i420) {
    info.colorimetry.matrix = format.yuv.matrix == YuvMatrix::Bt709 ? GST_VIDEO_COLOR_MATRIX_BT709
                                                                     : GST_VIDEO_COLOR_MATRIX_BT601;
    info.colorimetry.range = format.yuv.fullRange ? GST_VIDEO_COLOR_RANGE_0_255 : GST_VIDEO_COLOR_RANGE_16_235;
    const int w = format.size.width;
    const int h = format.size.height;
    info.stride[0] = w;
    info.stride[1] = info.stride[2] = w / 2;
    info.offset[0] = 0;
    info.offset[1] = static_cast<gsize>(w) * h;
    info.offset[2] = info.offset[1] + static_cast<gsize>(w / 2) * (h / 2);
    info.size = info.offset[2] + static_cast<gsize>(w / 2) * (h / 2);
  }
  return info;
}

YuvCoding yuvCodingOf(const GstVideoInfo& info) {
  YuvMatrix matrix = YuvMatrix::Bt709;
  switch (info.colorimetry.matrix) {
    case GST_VIDEO_COLOR_MATRIX_BT601:
    case GST_VIDEO_COLOR_MATRIX_FCC: matrix = YuvMatrix::Bt601; break;
    // BT.2020 and SMPTE 240M are read as BT.709, the nearest of the two the display and the recorder name.
    case GST_VIDEO_COLOR_MATRIX_BT709:
    case GST_VIDEO_COLOR_MATRIX_BT2020:
    case GST_VIDEO_COLOR_MATRIX_SMPTE240M: matrix = YuvMatrix::Bt709; break;
    // A stream that does not say: GStreamer's own rule, by the picture's size.
    default: matrix = GST_VIDEO_INFO_HEIGHT(&info) >= 720 ? YuvMatrix::Bt709 : YuvMatrix::Bt601; break;
  }
  return {matrix, info.colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255};
}

}  // namespace endoverlay
