#include "pipeline/SampleFrame.h"

#include <cstring>

#include <gst/gst.h>
#include <gst/video/video.h>

namespace endoverlay {

bool copySample(GstSample* sample, Frame& frame) {
  GstVideoInfo info;
  if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample))) return false;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstVideoFrame mapped;
  if (!gst_video_frame_map(&mapped, &info, buffer, GST_MAP_READ)) return false;
  frame.bgrx.create(GST_VIDEO_INFO_HEIGHT(&info), GST_VIDEO_INFO_WIDTH(&info), CV_8UC4);
  const auto* src = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, 0));
  const int srcStride = GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, 0);
  const std::size_t rowBytes = static_cast<std::size_t>(frame.bgrx.cols) * 4;
  for (int row = 0; row < frame.bgrx.rows; ++row)
    std::memcpy(frame.bgrx.ptr(row), src + static_cast<std::ptrdiff_t>(row) * srcStride, rowBytes);
  gst_video_frame_unmap(&mapped);
  const GstClockTime pts = GST_BUFFER_PTS(buffer);
  frame.ptsNs = GST_CLOCK_TIME_IS_VALID(pts) ? static_cast<std::int64_t>(pts) : -1;
  return true;
}

}  // namespace endoverlay
