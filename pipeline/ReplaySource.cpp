#include "pipeline/ReplaySource.h"

#include <algorithm>
#include <cmath>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "core/support/GuardedThread.h"
#include "core/support/Logging.h"
#include "pipeline/GstreamerInit.h"
#include "pipeline/PipelineHandle.h"
#include "pipeline/SourceSpec.h"
#include "pipeline/SourceError.h"

namespace endoverlay {
namespace {

constexpr GstClockTime kStateWait = 10 * GST_SECOND;
constexpr GstClockTime kPrerollWait = 5 * GST_SECOND;
constexpr double kSlowest = 0.25;
constexpr double kFastest = 4.0;

// The reason the pipeline gave on its bus, for a failure to start.
std::string busError(GstBus* bus) {
  GstMessage* message = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
  if (!message) return "it cannot be played";
  GError* error = nullptr;
  gst_message_parse_error(message, &error, nullptr);
  std::string text = error->message;
  g_error_free(error);
  gst_message_unref(message);
  return text;
}

}  // namespace

struct ReplaySource::Gst : PipelineHandle {
  bool settle() const {
    return gst_element_get_state(pipeline, nullptr, nullptr, kStateWait) != GST_STATE_CHANGE_FAILURE;
  }
};

ReplaySource::ReplaySource(const std::filesystem::path& file, FrameCallback onFrame, EndCallback onEnd)
    : onFrame_(std::move(onFrame)), onEnd_(std::move(onEnd)), gst_(std::make_unique<Gst>()) {
  if (!std::filesystem::is_regular_file(file))
    throw SourceError(SourceErrorCategory::NotFound, "the " + SourceSpec{SourceKind::File, file.string()}.describe() + " does not exist");
  const SourceSpec spec = SourceSpec::file(std::filesystem::absolute(file));
  name_ = spec.describe();
  const bool dicom = spec.kind == SourceKind::Dicom;
  initialiseGstreamer();
  gst_->pipeline = gst_parse_launch(
      (std::string(dicom ? "endoverlaydicomsrc" : "uridecodebin") +
       " name=source ! videoconvert ! video/x-raw,format=BGRx ! appsink name=sink sync=true "
       "max-buffers=4 enable-last-sample=false").c_str(),
      nullptr);
  if (!gst_->pipeline) throw SourceError(SourceErrorCategory::MissingPlugin, "replay needs gstreamer1.0-plugins-base");
  GstElement* source = gst_bin_get_by_name(GST_BIN(gst_->pipeline), "source");
  if (dicom) {
    g_object_set(source, "location", spec.location.c_str(), nullptr);
  } else {
    gchar* uri = gst_filename_to_uri(spec.location.c_str(), nullptr);
    g_object_set(source, "uri", uri, nullptr);
    g_free(uri);
  }
  gst_object_unref(source);
  gst_->app = gst_bin_get_by_name(GST_BIN(gst_->pipeline), "sink");
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = [](GstAppSink* sink, gpointer self) {
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (!sample) return GST_FLOW_OK;
    auto* replay = static_cast<ReplaySource*>(self);
    // Runs on GStreamer's streaming thread: what it throws must not reach GStreamer's C code.
    const bool delivered = runGuarded("replaying a frame", [&] {
      Frame frame = replay->toFrame(sample);
      if (replay->onFrame_ && !frame.bgrx.empty()) replay->onFrame_(std::move(frame));
    });
    gst_sample_unref(sample);
    return delivered ? GST_FLOW_OK : GST_FLOW_ERROR;
  };
  gst_app_sink_set_callbacks(GST_APP_SINK(gst_->app), &callbacks, this, nullptr);
  gst_->bus = gst_element_get_bus(gst_->pipeline);

  gst_element_set_state(gst_->pipeline, GST_STATE_PAUSED);
  if (!gst_->settle())
    throw SourceError(SourceErrorCategory::Fatal, "the " + name_ + " cannot be replayed: " + busError(gst_->bus));
  if (pullPreroll(kPrerollWait).bgrx.empty())
    throw SourceError(SourceErrorCategory::Fatal, "the " + name_ + " is not video, or has no picture at its start");
  gint64 duration = 0;
  if (fps_ > 0 && gst_element_query_duration(gst_->pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    frameCount_ = std::llround(duration * fps_ / 1e9);
  busThread_ = std::thread([this] {
    runGuarded("watching a replay", [this] { watchBus(); }, [this](const std::string& problem) {
      if (onEnd_) onEnd_("the " + name_ + ": " + problem);
    });
  });
}

ReplaySource::~ReplaySource() {
  watching_ = false;
  if (busThread_.joinable()) busThread_.join();
}

Frame ReplaySource::toFrame(void* opaqueSample) {
  auto* sample = static_cast<GstSample*>(opaqueSample);
  Frame frame;
  frame.arrival = std::chrono::steady_clock::now();
  {
    const std::lock_guard lock(copying_);
    if (!copier_.copy(sample, frame)) return {};
  }
  if (fps_ <= 0) {
    GstVideoInfo info;
    if (gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) && info.fps_d > 0)
      fps_ = static_cast<double>(info.fps_n) / info.fps_d;
  }
  // Positions in the file (stream time), which is what seeks take: a container may start its timestamps late.
  const guint64 position = frame.ptsNs < 0 ? GST_CLOCK_TIME_NONE
                                           : gst_segment_to_stream_time(gst_sample_get_segment(sample), GST_FORMAT_TIME,
                                                                        static_cast<guint64>(frame.ptsNs));
  frame.ptsNs = GST_CLOCK_TIME_IS_VALID(position) ? static_cast<std::int64_t>(position) : 0;
  frame.index = fps_ > 0 ? std::llround(frame.ptsNs * fps_ / 1e9) : 0;
  current_ = frame.index;
  return frame;
}

Frame ReplaySource::pullPreroll(std::uint64_t waitNs) {
  GstSample* sample = gst_app_sink_try_pull_preroll(GST_APP_SINK(gst_->app), waitNs);
  if (!sample) return {};
  Frame frame = toFrame(sample);
  gst_sample_unref(sample);
  if (frame.bgrx.empty()) throw SourceError(SourceErrorCategory::Fatal, "the " + name_ + " is not video");
  return frame;
}

Frame ReplaySource::seek(std::int64_t index) {
  const std::lock_guard lock(control_);
  if (playing_.exchange(false)) {
    gst_element_set_state(gst_->pipeline, GST_STATE_PAUSED);
    gst_->settle();
  }
  if (!(fps_ > 0)) throw SourceError(SourceErrorCategory::Fatal, "the " + name_ + " states no frame rate: it cannot go to a frame");
  index = std::max<std::int64_t>(0, frameCount_ > 0 ? std::min(index, frameCount_ - 1) : index);
  // A moment without a frame (the source dropped some) shows the frame before it, as the screen did then: a seek
  // there finds no frame, or the next one, so the moments before are tried, for up to a second (at most 60 tries).
  const std::int64_t oneSecond = std::clamp<std::int64_t>(std::llround(fps_), 1, 60);
  Frame next;
  for (std::int64_t at = index; at >= 0 && index - at <= oneSecond; --at) {
    const auto target = static_cast<gint64>(std::llround(at * 1e9 / fps_));
    if (!gst_element_seek(gst_->pipeline, 1.0, GST_FORMAT_TIME,
                          static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE), GST_SEEK_TYPE_SET,
                          target, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE) ||
        !gst_->settle())
      throw SourceError(SourceErrorCategory::Fatal, "the " + name_ + ": cannot go to frame " + std::to_string(index));
    // Once paused, the frame is there at once, or there is none at that moment.
    Frame frame = pullPreroll(0);
    if (!frame.bgrx.empty() && frame.index <= index) return frame;
    if (!frame.bgrx.empty() && next.bgrx.empty()) next = std::move(frame);
  }
  if (next.bgrx.empty())
    throw SourceError(SourceErrorCategory::Fatal, "the " + name_ + ": no picture to show at frame " + std::to_string(index));
  current_ = next.index;
  return next;
}

void ReplaySource::play(double rate) {
  const std::lock_guard lock(control_);
  rate = std::clamp(rate, kSlowest, kFastest);
  const auto from = static_cast<gint64>(std::llround(current_.load() * 1e9 / fps_));
  if (!gst_element_seek(gst_->pipeline, rate, GST_FORMAT_TIME,
                        static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE), GST_SEEK_TYPE_SET, from,
                        GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE) ||
      !gst_->settle())
    throw SourceError(SourceErrorCategory::Fatal, "the " + name_ + ": cannot play from frame " +
                                                      std::to_string(current_.load()));
  playing_ = true;
  gst_element_set_state(gst_->pipeline, GST_STATE_PLAYING);
}

Frame ReplaySource::pause() { return seek(current_.load()); }

void ReplaySource::watchBus() {
  const auto log = moduleLogger("pipeline");
  while (watching_) {
    GstMessage* message = gst_bus_timed_pop_filtered(gst_->bus, 50 * GST_MSECOND,
                                                     static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
    if (!message) continue;
    std::string problem;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
      GError* error = nullptr;
      gst_message_parse_error(message, &error, nullptr);
      problem = "the " + name_ + ": " + error->message;
      log->error("replay of {}", problem);
      g_error_free(error);
    }
    playing_ = false;
    if (onEnd_) onEnd_(problem);
    gst_message_unref(message);
  }
}

}  // namespace endoverlay
