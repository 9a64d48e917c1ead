#include "pipeline/SampleCopier.h"

#include <cstring>

#include <gst/gst.h>
#include <gst/video/video.h>

#include "pipeline/FrameVideoInfo.h"

namespace endoverlay {
namespace {

// Rows of `width` bytes from a plane with its own stride into packed memory; returns where the next plane starts.
std::uint8_t* copyPlane(const GstVideoFrame& mapped, int plane, int width, int rows, std::uint8_t* to) {
  const auto* from = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, plane));
  const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, plane);
  for (int row = 0; row < rows; ++row, to += width)
    std::memcpy(to, from + static_cast<std::ptrdiff_t>(row) * stride, static_cast<std::size_t>(width));
  return to;
}

}  // namespace

bool SampleCopier::copy(GstSample* sample, Frame& frame) {
  GstVideoInfo info;
  if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample))) return false;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstVideoFrame mapped;
  if (!gst_video_frame_map(&mapped, &info, buffer, GST_MAP_READ)) return false;
  const int width = GST_VIDEO_INFO_WIDTH(&info);
  const int height = GST_VIDEO_INFO_HEIGHT(&info);
  const bool i420 = GST_VIDEO_INFO_FORMAT(&info) == GST_VIDEO_FORMAT_I420;
  try {
    if (i420 && width % 2 == 0 && height % 2 == 0) {
      frame.i420 = pool_.take(height * 3 / 2, width, CV_8UC1);
      frame.yuv = yuvCodingOf(info);
      std::uint8_t* to = copyPlane(mapped, 0, width, height, frame.i420.data);
      to = copyPlane(mapped, 1, width / 2, height / 2, to);
      copyPlane(mapped, 2, width / 2, height / 2, to);
    } else if (i420) {
      frame.bgrx = pool_.take(height, width, CV_8UC4);
      oddSizes_.convert(mapped, frame.bgrx);
    } else {
      frame.bgrx = pool_.take(height, width, CV_8UC4);
      copyPlane(mapped, 0, width * 4, height, frame.bgrx.data);
    }
  } catch (...) {
    gst_video_frame_unmap(&mapped);
    throw;
  }
  gst_video_frame_unmap(&mapped);
  const GstClockTime pts = GST_BUFFER_PTS(buffer);
  frame.ptsNs = GST_CLOCK_TIME_IS_VALID(pts) ? static_cast<std::int64_t>(pts) : -1;
  return true;
}

}  // namespace endoverlay
