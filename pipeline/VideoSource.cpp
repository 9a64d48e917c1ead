#include "pipeline/VideoSource.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "core/support/GuardedThread.h"
#include "core/support/Logging.h"
#include "pipeline/GstreamerInit.h"

namespace endoverlay {
namespace {

// Decoders give I420, which passes videoconvert untouched; a capture card's YUY2 or a hardware decoder's NV12
// is converted once. An interlaced signal (1080i) is deinterlaced to one picture per field; progressive video
// passes the deinterlacer untouched.
constexpr const char* kToI420 = "deinterlace ! videoconvert ! video/x-raw,format=I420 ! appsink name=sink";

std::string pipelineDescription(SourceKind kind) {
  switch (kind) {
    case SourceKind::File:
    case SourceKind::Uri: return std::string("uridecodebin name=source ! ") + kToI420;
    case SourceKind::Dicom: return std::string("endoverlaydicomsrc name=source ! ") + kToI420;
    case SourceKind::V4l2: return std::string("v4l2src name=source ! decodebin ! ") + kToI420;
    case SourceKind::TestPattern:
      return std::string("videotestsrc name=source is-live=true pattern=smpte ! "
                         "video/x-raw,width=640,height=480,framerate=30/1 ! ") + kToI420;
  }
  return {};
}

SourceErrorCategory categoryOf(const GError* error) {
  if (error->domain == GST_RESOURCE_ERROR &&
      (error->code == GST_RESOURCE_ERROR_NOT_FOUND || error->code == GST_RESOURCE_ERROR_OPEN_READ ||
       error->code == GST_RESOURCE_ERROR_OPEN_READ_WRITE))
    return SourceErrorCategory::NotFound;
  if ((error->domain == GST_CORE_ERROR && error->code == GST_CORE_ERROR_MISSING_PLUGIN) ||
      (error->domain == GST_STREAM_ERROR && error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND))
    return SourceErrorCategory::MissingPlugin;
  return SourceErrorCategory::Fatal;
}

std::string hintFor(SourceErrorCategory category) {
  if (category == SourceErrorCategory::MissingPlugin)
    return " (install gstreamer1.0-plugins-good, -bad and gstreamer1.0-libav)";
  return {};
}

}  // namespace

VideoSource::VideoSource(SourceSpec spec, Pacing pacing, VideoSourceCallbacks callbacks)
    : spec_(std::move(spec)), pacing_(pacing), callbacks_(std::move(callbacks)) {
  initialiseGstreamer();
  gst_ = buildPipeline();
}

// A pipeline is built afresh for each connection: uridecodebin links its pads once, when they first appear.
std::unique_ptr<PipelineHandle> VideoSource::buildPipeline() {
  auto gst = std::make_unique<PipelineHandle>();
  GError* error = nullptr;
  gst->pipeline = gst_parse_launch(pipelineDescription(spec_.kind).c_str(), &error);
  if (error) {
    const std::string message = error->message;
    const bool missing = error->domain == GST_PARSE_ERROR && error->code == GST_PARSE_ERROR_NO_SUCH_ELEMENT;
    g_error_free(error);
    throw SourceError(missing ? SourceErrorCategory::MissingPlugin : SourceErrorCategory::Fatal,
                      spec_.describe() + ": " + message + (missing ? hintFor(SourceErrorCategory::MissingPlugin) : ""));
  }
  GstElement* source = gst_bin_get_by_name(GST_BIN(gst->pipeline), "source");
  if (spec_.kind == SourceKind::File) {
    gchar* uri = gst_filename_to_uri(spec_.location.c_str(), nullptr);
    g_object_set(source, "uri", uri, nullptr);
    g_free(uri);
  } else if (spec_.kind == SourceKind::Uri) {
    g_object_set(source, "uri", spec_.location.c_str(), nullptr);
    // rtspsrc holds two seconds of stream by default against network jitter; a live view wants a fraction of that.
    g_signal_connect(source, "source-setup", G_CALLBACK(+[](GstElement*, GstElement* element, gpointer) {
                       if (g_object_class_find_property(G_OBJECT_GET_CLASS(element), "latency"))
                         g_object_set(element, "latency", 200u, nullptr);
                     }),
                     nullptr);
  } else if (spec_.kind == SourceKind::V4l2) {
    g_object_set(source, "device", spec_.location.c_str(), nullptr);
  } else if (spec_.kind == SourceKind::Dicom) {
    g_object_set(source, "location", spec_.location.c_str(), nullptr);
  }
  gst_object_unref(source);

  gst->app = gst_bin_get_by_name(GST_BIN(gst->pipeline), "sink");
  const bool live = spec_.isLive();
  const bool paced = pacing_ == Pacing::SourceRate;
  g_object_set(gst->app, "sync", paced && !live, "drop", paced && live, "max-buffers", live ? 1u : 4u,
               "enable-last-sample", FALSE, nullptr);
  GstAppSinkCallbacks sinkCallbacks{};
  sinkCallbacks.new_sample = [](GstAppSink* sink, gpointer self) {
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (!sample) return GST_FLOW_OK;
    auto* source = static_cast<VideoSource*>(self);
    // Runs on GStreamer's streaming thread: what it throws must not reach GStreamer's C code.
    const bool delivered = runGuarded("delivering a frame", [&] { source->deliver(sample); });
    gst_sample_unref(sample);
    return delivered ? GST_FLOW_OK : GST_FLOW_ERROR;
  };
  gst_app_sink_set_callbacks(GST_APP_SINK(gst->app), &sinkCallbacks, this, nullptr);
  gst->bus = gst_element_get_bus(gst->pipeline);
  return gst;
}

VideoSource::~VideoSource() { stop(); }

void VideoSource::start() {
  if (running_.exchange(true)) return;
  moduleLogger("pipeline")->info("starting {}", spec_.describe());
  busThread_ = std::thread([this] {
    runGuarded("watching the " + spec_.describe(), [this] { watchBus(); }, [this](const std::string& problem) {
      running_ = false;
      if (callbacks_.onError) callbacks_.onError(SourceError(SourceErrorCategory::Fatal, spec_.describe() + ": " + problem));
    });
  });
  // A failure to start is reported on the bus with its reason; watchBus passes it on.
  gst_element_set_state(gst_->pipeline, GST_STATE_PLAYING);
}

void VideoSource::stop() {
  running_ = false;
  if (busThread_.joinable()) busThread_.join();
  if (gst_ && gst_->pipeline) gst_element_set_state(gst_->pipeline, GST_STATE_NULL);
}

// Runs on the GStreamer streaming thread.
void VideoSource::deliver(void* opaqueSample) {
  auto* sample = static_cast<GstSample*>(opaqueSample);
  Frame frame;
  frame.arrival = std::chrono::steady_clock::now();
  if (!copier_.copy(sample, frame)) return;
  frame.index = nextIndex_.load();
  GstVideoInfo info;
  gst_video_info_from_caps(&info, gst_sample_get_caps(sample));
  const double stated = info.fps_d > 0 ? static_cast<double>(info.fps_n) / info.fps_d : 0.0;
  // A rate no video has (a stream's caps say anything) counts as none.
  const double fps = stated >= 0.5 && stated <= 1000 ? stated : 0.0;
  nominalFps_ = fps;
  if (frame.index == 0) firstArrival_ = frame.arrival;
  // A frame without a timestamp is timed by the frame rate, or failing that by when it came.
  if (frame.ptsNs < 0)
    frame.ptsNs = fps > 0 ? static_cast<std::int64_t>(frame.index * 1e9 / fps)
                          : std::chrono::duration_cast<std::chrono::nanoseconds>(frame.arrival - firstArrival_).count();
  if (signalLost_.exchange(false)) {
    // Back after a drop: the new connection's clock starts afresh, so time carries on from before the gap,
    // the gap included, and the frames missed in it are not counted as dropped.
    const std::int64_t gapNs = std::chrono::duration_cast<std::chrono::nanoseconds>(frame.arrival - lastArrival_).count();
    ptsOffsetNs_ = lastDeliveredPtsNs_ + gapNs - frame.ptsNs;
    lastPtsNs_ = -1;
    moduleLogger("pipeline")->info("signal back after {:.1f} s", gapNs / 1e9);
    if (callbacks_.onSignalBack) callbacks_.onSignalBack(gapNs / 1e9);
  }
  if (fps > 0 && lastPtsNs_ >= 0) {
    const double periods = (frame.ptsNs - lastPtsNs_) * fps / 1e9;
    if (periods > 1.5) dropped_ += static_cast<std::int64_t>(periods + 0.5) - 1;
  }
  lastPtsNs_ = frame.ptsNs;
  frame.ptsNs += ptsOffsetNs_;
  lastDeliveredPtsNs_ = frame.ptsNs;
  lastArrival_ = frame.arrival;
  ++nextIndex_;
  if (callbacks_.onFrame) callbacks_.onFrame(std::move(frame));
}

bool VideoSource::reconnects() const { return spec_.kind == SourceKind::V4l2 || spec_.isNetwork(); }

// Bus thread. Tries again, with pauses growing from half a second to five, until frames come or stop() is called.
void VideoSource::reconnect(const std::string& reason) {
  const auto log = moduleLogger("pipeline");
  // Stopped first, so no frame of the old connection still in the pipeline can pass for the signal coming back.
  gst_element_set_state(gst_->pipeline, GST_STATE_NULL);
  signalLost_ = true;
  log->warn("signal lost ({}); reconnecting", reason);
  if (callbacks_.onSignalLost) callbacks_.onSignalLost(reason);
  auto pause = std::chrono::milliseconds(500);
  while (running_) {
    gst_element_set_state(gst_->pipeline, GST_STATE_NULL);
    for (auto waited = std::chrono::milliseconds(0); running_ && waited < pause; waited += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!running_) return;
    try {
      gst_ = buildPipeline();
    } catch (const SourceError& e) {
      if (callbacks_.onError) callbacks_.onError(e);
      running_ = false;
      return;
    }
    gst_element_set_state(gst_->pipeline, GST_STATE_PLAYING);
    while (running_ && signalLost_) {
      GstMessage* message = gst_bus_timed_pop_filtered(gst_->bus, 50 * GST_MSECOND,
                                                       static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_EOS));
      if (!message) continue;
      if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
        GError* error = nullptr;
        gst_message_parse_error(message, &error, nullptr);
        log->info("no signal yet: {}", spec_.redact(error->message));
        g_error_free(error);
      }
      gst_message_unref(message);
      break;
    }
    if (!signalLost_) return;
    pause = std::min(pause * 2, std::chrono::milliseconds(5000));
    log->info("still no signal; next try in {} s", pause.count() / 1000.0);
  }
}

void VideoSource::watchBus() {
  const auto log = moduleLogger("pipeline");
  constexpr GstClockTime kPoll = 50 * GST_MSECOND;
  while (running_) {
    GstMessage* message = gst_bus_timed_pop_filtered(
        gst_->bus, kPoll, static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_EOS | GST_MESSAGE_WARNING));
    if (!message) continue;
    // A live stream has no end: its end is a drop. A file on a server ends as any file does.
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS && reconnects() && spec_.isLive() && nextIndex_.load() > 0) {
      gst_message_unref(message);
      reconnect("the stream ended");
      continue;
    }
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) {
      log->info("end of {}", spec_.describe());
      if (callbacks_.onEnd) callbacks_.onEnd();
    } else {
      GError* error = nullptr;
      gchar* debug = nullptr;
      const bool fatal = GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR;
      if (fatal) gst_message_parse_error(message, &error, &debug);
      else gst_message_parse_warning(message, &error, &debug);
      const SourceErrorCategory category = categoryOf(error);
      // GStreamer's own words may quote the path or the address; the user reads the kind of source instead.
      const std::string text = spec_.describe() + ": " + spec_.redact(error->message) + hintFor(category);
      const std::string details = debug ? spec_.redact(debug) : std::string();
      g_error_free(error);
      g_free(debug);
      gst_message_unref(message);
      // A source that never gave a frame (a wrong address, a server that is not there) is reported, not retried.
      const bool dropped = fatal && reconnects() && nextIndex_.load() > 0 && category != SourceErrorCategory::MissingPlugin;
      if (dropped) {
        log->warn("{} [{}] {}", text, toString(category), details);
        reconnect(text);
      } else if (fatal) {
        log->error("{} [{}] {}", text, toString(category), details);
        if (callbacks_.onError) callbacks_.onError(SourceError(category, text));
        running_ = false;
      } else {
        log->warn("{}", text);
      }
      continue;
    }
    gst_message_unref(message);
  }
}

}  // namespace endoverlay
