#include "support/StraightDecode.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstring>
#include <stdexcept>

namespace endoverlay::test {

std::map<std::int64_t, cv::Mat> decodeStraight(const std::filesystem::path& video, const std::string& format,
                                               const std::set<std::int64_t>& indices) {
  gst_init(nullptr, nullptr);
  const std::string description = "filesrc name=file ! decodebin ! videoconvert ! video/x-raw,format=" + format +
                                  " ! appsink name=sink sync=false";
  GstElement* pipeline = gst_parse_launch(description.c_str(), nullptr);
  if (!pipeline) throw std::runtime_error("cannot build " + description);
  GstElement* file = gst_bin_get_by_name(GST_BIN(pipeline), "file");
  g_object_set(file, "location", video.c_str(), nullptr);
  gst_object_unref(file);
  GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  std::map<std::int64_t, cv::Mat> frames;
  for (std::int64_t index = 0; frames.size() < indices.size(); ++index) {
    GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(sink));
    if (!sample) break;
    if (indices.count(index)) {
      GstVideoInfo info;
      gst_video_info_from_caps(&info, gst_sample_get_caps(sample));
      GstVideoFrame mapped;
      gst_video_frame_map(&mapped, &info, gst_sample_get_buffer(sample), GST_MAP_READ);
      const int width = GST_VIDEO_INFO_WIDTH(&info);
      const int height = GST_VIDEO_INFO_HEIGHT(&info);
      const bool i420 = format == "I420";
      cv::Mat frame = i420 ? cv::Mat(height * 3 / 2, width, CV_8UC1) : cv::Mat(height, width, CV_8UC4);
      std::uint8_t* to = frame.data;
      for (guint plane = 0; plane < GST_VIDEO_FRAME_N_PLANES(&mapped); ++plane) {
        const int rowBytes = i420 ? (plane == 0 ? width : width / 2) : width * 4;
        const int rows = i420 && plane > 0 ? height / 2 : height;
        const auto* from = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, plane));
        for (int row = 0; row < rows; ++row, to += rowBytes)
          std::memcpy(to, from + static_cast<std::ptrdiff_t>(row) * GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, plane),
                      static_cast<std::size_t>(rowBytes));
      }
      gst_video_frame_unmap(&mapped);
      frames[index] = frame;
    }
    gst_sample_unref(sample);
  }
  gst_object_unref(sink);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return frames;
}

}  // namespace endoverlay::test
