#include "pipeline/VideoRecorder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "core/support/GuardedThread.h"
#include "core/support/Logging.h"
#include "pipeline/FrameVideoInfo.h"
#include "pipeline/GstreamerInit.h"
#include "pipeline/PipelineHandle.h"

namespace endoverlay {
namespace {

constexpr auto kFinishWait = std::chrono::seconds(5);

// A tenth of a bit per pixel: about 0.8 Mbit/s for 640x480 at 25 fps, 12 Mbit/s for 1080p60.
int bitrateKbps(cv::Size size, int fps) {
  return std::max(500, static_cast<int>(0.1 * size.width * size.height * fps / 1000));
}

}  // namespace

struct VideoRecorder::Gst : PipelineHandle {
  std::mutex mutex;
  std::condition_variable ended;
  GstVideoInfo info{};  // of the frames taken, with their planes' layout
};

VideoRecorder::VideoRecorder(const std::filesystem::path& file, const FrameFormat& format, double fps,
                             VideoFileKind kind, FailureCallback onFailure)
    : gst_(std::make_unique<Gst>()), onFailure_(std::move(onFailure)), kind_(kind), format_(format) {
  const cv::Size size = format.size;
  initialiseGstreamer();
  const int rate = fps > 0 ? static_cast<int>(std::lround(fps)) : 30;
  frameDurationNs_ = fps > 0 ? static_cast<std::uint64_t>(1e9 / fps) : 0;
  maxQueued_ = static_cast<unsigned>(rate);
  // H.264 in 4:2:0, as every player takes it, needs an even width and height: an odd picture gets one black
  // column or row on the right or at the bottom, so every pixel keeps its coordinates.
  const std::string padding = size.width % 2 || size.height % 2
                                  ? "videobox fill=black right=-" + std::to_string(size.width % 2) +
                                        " bottom=-" + std::to_string(size.height % 2) + " ! "
                                  : "";
  const std::string description =
      "appsrc name=source format=time ! " + padding + "videoconvert ! video/x-raw,format=I420 ! "
      "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=" + std::to_string(rate) +
      " bitrate=" + std::to_string(bitrateKbps(size, rate)) +
      " ! h264parse ! " +
      (kind == VideoFileKind::LiveRecording
           ? "matroskamux min-cluster-duration=500000000 max-cluster-duration=1000000000 ! "
             "filesink name=sink buffer-mode=unbuffered"
           : "mp4mux ! filesink name=sink");
  GError* error = nullptr;
  gst_->pipeline = gst_parse_launch(description.c_str(), &error);
  if (error) {
    const std::string message = error->message;
    g_error_free(error);
    throw std::runtime_error("cannot encode video: " + message + " (install gstreamer1.0-plugins-ugly and -good)");
  }
  gst_->app = gst_bin_get_by_name(GST_BIN(gst_->pipeline), "source");
  gst_->info = videoInfoOf(format, fps);
  GstCaps* caps = gst_video_info_to_caps(&gst_->info);
  g_object_set(gst_->app, "caps", caps, "block", kind == VideoFileKind::Export, "max-bytes", static_cast<guint64>(0),
               "max-buffers", static_cast<guint64>(maxQueued_), nullptr);
  gst_caps_unref(caps);

  GstElement* sink = gst_bin_get_by_name(GST_BIN(gst_->pipeline), "sink");
  g_object_set(sink, "location", file.c_str(), nullptr);
  gst_object_unref(sink);

  gst_->bus = gst_element_get_bus(gst_->pipeline);
  if (gst_element_set_state(gst_->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    throw std::runtime_error("cannot write " + file.string() + " (missing folder or no permission?)");
  busThread_ = std::thread([this] {
    runGuarded("writing a video", [this] { watchBus(); }, [this](const std::string& problem) {
      failed_ = true;
      {
        const std::lock_guard lock(gst_->mutex);
        watching_ = false;
      }
      gst_->ended.notify_all();
      if (onFailure_) onFailure_(problem);
    });
  });
}

VideoRecorder::~VideoRecorder() { finish(); }

// Runs on the source's streaming thread (or the exporter's).
void VideoRecorder::push(const Frame& frame, std::int64_t ptsNs) {
  if (failed_ || ended_) return;
  const bool behind = kind_ == VideoFileKind::LiveRecording &&
                     gst_app_src_get_current_level_buffers(GST_APP_SRC(gst_->app)) >= maxQueued_;
  const cv::Mat& picture = frame.bgrx.empty() ? frame.i420 : frame.bgrx;
  if (frame.format() != format_ || !picture.isContinuous() || behind) {
    ++dropped_;
    return;
  }
  // The buffer keeps the frame's pixels alive through its own reference to them.
  auto* pixels = new cv::Mat(picture);
  const gsize bytes = pixels->total() * pixels->elemSize();
  GstBuffer* buffer = gst_buffer_new_wrapped_full(GST_MEMORY_FLAG_READONLY, pixels->data, bytes, 0, bytes, pixels,
                                                  [](gpointer mat) { delete static_cast<cv::Mat*>(mat); });
  // The planes' layout, which differs from GStreamer's default for widths that are not a multiple of eight.
  gst_buffer_add_video_meta_full(buffer, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_INFO_FORMAT(&gst_->info),
                                 GST_VIDEO_INFO_WIDTH(&gst_->info), GST_VIDEO_INFO_HEIGHT(&gst_->info),
                                 GST_VIDEO_INFO_N_PLANES(&gst_->info), gst_->info.offset, gst_->info.stride);
  GST_BUFFER_PTS(buffer) = static_cast<GstClockTime>(ptsNs);
  GST_BUFFER_DURATION(buffer) = frameDurationNs_ ? frameDurationNs_ : GST_CLOCK_TIME_NONE;
  if (gst_app_src_push_buffer(GST_APP_SRC(gst_->app), buffer) == GST_FLOW_OK) ++pushed_;
  else ++dropped_;
}

void VideoRecorder::finish() {
  if (!gst_ || !gst_->pipeline) return;
  if (!ended_.exchange(true) && !failed_) {
    gst_app_src_end_of_stream(GST_APP_SRC(gst_->app));
    std::unique_lock lock(gst_->mutex);
    if (!gst_->ended.wait_for(lock, kFinishWait, [this] { return !watching_.load(); }))
      moduleLogger("pipeline")->warn("the recording did not finish within {} s; its file may lack an index",
                                     std::chrono::duration_cast<std::chrono::seconds>(kFinishWait).count());
  }
  watching_ = false;
  if (busThread_.joinable()) busThread_.join();
  gst_element_set_state(gst_->pipeline, GST_STATE_NULL);
}

void VideoRecorder::watchBus() {
  const auto log = moduleLogger("pipeline");
  while (watching_) {
    GstMessage* message = gst_bus_timed_pop_filtered(gst_->bus, 50 * GST_MSECOND,
                                                     static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_EOS));
    if (!message) continue;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
      GError* error = nullptr;
      gchar* debug = nullptr;
      gst_message_parse_error(message, &error, &debug);
      const std::string text = error->message;
      log->error("recording failed: {} [{}]", text, debug ? debug : "");
      g_error_free(error);
      g_free(debug);
      failed_ = true;
      if (onFailure_) onFailure_(text);
    }
    gst_message_unref(message);
    {
      const std::lock_guard lock(gst_->mutex);
      watching_ = false;
    }
    gst_->ended.notify_all();
  }
}

}  // namespace endoverlay
