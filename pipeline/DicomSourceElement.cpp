#include "pipeline/DicomSourceElement.h"

#include <memory>
#include <string>
#include <utility>

#include <gst/base/gstpushsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <opencv2/core.hpp>

#include "core/dicom/DicomCine.h"

namespace endoverlay {
namespace {

// GObject's C structures: instance and class, the instance's fields set in
// init and finalised by hand (GObject does not run C++ constructors).
struct DicomSrc {
  GstPushSrc parent;
  gchar* location;            // object lock
  DicomCine* cine;            // open between start and stop; used by the streaming thread only
  // Frames go out in buffers taken from here and given back when downstream lets them go: a new buffer of a
  // few MB per frame cost more in page faults than decoding it (docs/benchmarks.md). Streaming thread only.
  GstBufferPool* pool;
  // Set by start, cleared by stop; read under the object lock by caps and duration queries from any thread.
  gboolean opened;
  GstVideoInfo info;
  GstClockTime duration;
  gint fpsN;
  gint fpsD;
  gint64 next;                // streaming thread, and do_seek, under the stream lock
};

struct DicomSrcClass {
  GstPushSrcClass parent;
};

enum { kPropLocation = 1 };

G_DEFINE_TYPE(DicomSrc, dicom_src, GST_TYPE_PUSH_SRC)

GstStaticPadTemplate sourceTemplate = GST_STATIC_PAD_TEMPLATE(
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE("RGB")));

DicomSrc* self(gpointer object) { return reinterpret_cast<DicomSrc*>(object); }

GstClockTime timeOf(const DicomSrc* src, gint64 index) {
  return gst_util_uint64_scale(static_cast<guint64>(index), static_cast<guint64>(src->fpsD) * GST_SECOND,
                               static_cast<guint64>(src->fpsN));
}

void setProperty(GObject* object, guint id, const GValue* value, GParamSpec* spec) {
  if (id != kPropLocation) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, spec);
    return;
  }
  GST_OBJECT_LOCK(object);
  // The file open since start stays the one played.
  if (GST_STATE(object) <= GST_STATE_READY) {
    g_free(self(object)->location);
    self(object)->location = g_value_dup_string(value);
  }
  GST_OBJECT_UNLOCK(object);
}

void getProperty(GObject* object, guint id, GValue* value, GParamSpec* spec) {
  if (id != kPropLocation) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, spec);
    return;
  }
  GST_OBJECT_LOCK(object);
  g_value_set_string(value, self(object)->location);
  GST_OBJECT_UNLOCK(object);
}

void finalize(GObject* object) {
  g_free(self(object)->location);
  delete self(object)->cine;
  G_OBJECT_CLASS(dicom_src_parent_class)->finalize(object);
}

// The element's messages never name the file: DicomCine's reasons do not, and the caller knows which file it gave.
gboolean start(GstBaseSrc* base) {
  DicomSrc* src = self(base);
  GST_OBJECT_LOCK(src);
  const std::string location = src->location ? src->location : "";
  GST_OBJECT_UNLOCK(src);
  try {
    auto cine = std::make_unique<DicomCine>(location);
    GST_OBJECT_LOCK(src);
    gst_util_double_to_fraction(cine->framesPerSecond(), &src->fpsN, &src->fpsD);
    gst_video_info_set_format(&src->info, GST_VIDEO_FORMAT_RGB, static_cast<guint>(cine->width()),
                              static_cast<guint>(cine->height()));
    src->info.fps_n = src->fpsN;
    src->info.fps_d = src->fpsD;
    src->duration = timeOf(src, cine->frameCount());
    src->next = 0;
    src->opened = TRUE;
    GST_OBJECT_UNLOCK(src);
    src->cine = cine.release();
  } catch (const DicomError& error) {
    GST_ELEMENT_ERROR(src, STREAM, WRONG_TYPE, ("%s", error.what()), (nullptr));
    return FALSE;
  } catch (const std::exception& error) {
    GST_ELEMENT_ERROR(src, RESOURCE, OPEN_READ, ("cannot be read: %s", error.what()), (nullptr));
    return FALSE;
  }
  return TRUE;
}

gboolean stop(GstBaseSrc* base) {
  GST_OBJECT_LOCK(base);
  self(base)->opened = FALSE;
  GST_OBJECT_UNLOCK(base);
  delete self(base)->cine;
  self(base)->cine = nullptr;
  if (GstBufferPool* pool = std::exchange(self(base)->pool, nullptr)) {
    gst_buffer_pool_set_active(pool, FALSE);
    gst_object_unref(pool);
  }
  return TRUE;
}

// A buffer for the next frame, from the element's pool, made at the first frame; null when memory is short.
GstBuffer* frameBuffer(DicomSrc* src) {
  if (!src->pool) {
    GstBufferPool* pool = gst_buffer_pool_new();
    GstStructure* config = gst_buffer_pool_get_config(pool);
    GstCaps* caps = gst_video_info_to_caps(&src->info);
    gst_buffer_pool_config_set_params(config, caps, static_cast<guint>(src->info.size), 2, 0);
    gst_caps_unref(caps);
    if (!gst_buffer_pool_set_config(pool, config) || !gst_buffer_pool_set_active(pool, TRUE)) {
      gst_object_unref(pool);
      return nullptr;
    }
    src->pool = pool;
  }
  GstBuffer* buffer = nullptr;
  return gst_buffer_pool_acquire_buffer(src->pool, &buffer, nullptr) == GST_FLOW_OK ? buffer : nullptr;
}

GstCaps* getCaps(GstBaseSrc* base, GstCaps* filter) {
  DicomSrc* src = self(base);
  GST_OBJECT_LOCK(src);
  GstCaps* caps = src->opened ? gst_video_info_to_caps(&src->info) : nullptr;
  GST_OBJECT_UNLOCK(src);
  if (!caps) caps = gst_pad_get_pad_template_caps(GST_BASE_SRC_PAD(base));
  if (!filter) return caps;
  GstCaps* both = gst_caps_intersect_full(filter, caps, GST_CAPS_INTERSECT_FIRST);
  gst_caps_unref(caps);
  return both;
}

gboolean isSeekable(GstBaseSrc*) { return TRUE; }

// Streaming thread (or the seeking thread with the stream stopped): the next frame is the one shown at the
// segment's start, by the same rounding the app uses to turn a time into a frame number.
gboolean doSeek(GstBaseSrc* base, GstSegment* segment) {
  DicomSrc* src = self(base);
  if (segment->format != GST_FORMAT_TIME || segment->rate < 0) return FALSE;
  if (!src->cine) return TRUE;
  src->next = static_cast<gint64>(gst_util_uint64_scale_round(
      segment->start, static_cast<guint64>(src->fpsN), static_cast<guint64>(src->fpsD) * GST_SECOND));
  segment->time = segment->start;
  return TRUE;
}

gboolean query(GstBaseSrc* base, GstQuery* query) {
  DicomSrc* src = self(base);
  if (GST_QUERY_TYPE(query) == GST_QUERY_DURATION) {
    GstFormat format;
    gst_query_parse_duration(query, &format, nullptr);
    GST_OBJECT_LOCK(src);
    const gboolean known = src->opened && format == GST_FORMAT_TIME;
    const GstClockTime duration = src->duration;
    GST_OBJECT_UNLOCK(src);
    if (known) {
      gst_query_set_duration(query, format, static_cast<gint64>(duration));
      return TRUE;
    }
  }
  return GST_BASE_SRC_CLASS(dicom_src_parent_class)->query(base, query);
}

GstFlowReturn create(GstPushSrc* push, GstBuffer** out) {
  DicomSrc* src = self(push);
  if (!src->cine || src->next >= src->cine->frameCount()) return GST_FLOW_EOS;
  GstBuffer* buffer = frameBuffer(src);
  GstVideoFrame frame;
  if (!buffer || !gst_video_frame_map(&frame, &src->info, buffer, GST_MAP_WRITE)) {
    if (buffer) gst_buffer_unref(buffer);
    GST_ELEMENT_ERROR(src, RESOURCE, NO_SPACE_LEFT, ("no memory for a frame"), (nullptr));
    return GST_FLOW_ERROR;
  }
  try {
    cv::Mat rows(src->cine->height(), src->cine->width(), CV_8UC3, GST_VIDEO_FRAME_PLANE_DATA(&frame, 0),
                 static_cast<std::size_t>(GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0)));
    src->cine->frameAsRgb(src->next, rows);
    gst_video_frame_unmap(&frame);
  } catch (const std::exception& error) {
    gst_video_frame_unmap(&frame);
    gst_buffer_unref(buffer);
    GST_ELEMENT_ERROR(src, STREAM, DECODE, ("%s", error.what()), (nullptr));
    return GST_FLOW_ERROR;
  }
  GST_BUFFER_PTS(buffer) = timeOf(src, src->next);
  GST_BUFFER_DURATION(buffer) = timeOf(src, src->next + 1) - GST_BUFFER_PTS(buffer);
  GST_BUFFER_OFFSET(buffer) = static_cast<guint64>(src->next);
  ++src->next;
  *out = buffer;
  return GST_FLOW_OK;
}

void dicom_src_class_init(DicomSrcClass* klass) {
  auto* object = G_OBJECT_CLASS(klass);
  object->set_property = setProperty;
  object->get_property = getProperty;
  object->finalize = finalize;
  g_object_class_install_property(
      object, kPropLocation,
      g_param_spec_string("location", "Location", "The DICOM file", nullptr,
                          static_cast<GParamFlags>(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)));
  auto* element = GST_ELEMENT_CLASS(klass);
  gst_element_class_set_static_metadata(element, "DICOM cine source", "Source/Video",
                                        "The frames of a DICOM file, decoded by DCMTK", "Endoverlay");
  gst_element_class_add_static_pad_template(element, &sourceTemplate);
  auto* base = GST_BASE_SRC_CLASS(klass);
  base->start = start;
  base->stop = stop;
  base->get_caps = getCaps;
  base->is_seekable = isSeekable;
  base->do_seek = doSeek;
  base->query = query;
  GST_PUSH_SRC_CLASS(klass)->create = create;
}

void dicom_src_init(DicomSrc* src) {
  src->location = nullptr;
  src->cine = nullptr;
  src->pool = nullptr;
  src->opened = FALSE;
  src->duration = GST_CLOCK_TIME_NONE;
  src->next = 0;
  src->fpsN = 0;
  src->fpsD = 1;
  gst_video_info_init(&src->info);
  gst_base_src_set_format(GST_BASE_SRC(src), GST_FORMAT_TIME);
  gst_base_src_set_live(GST_BASE_SRC(src), FALSE);
}

}  // namespace

void registerDicomSourceElement() {
  gst_element_register(nullptr, "endoverlaydicomsrc", GST_RANK_NONE, dicom_src_get_type());
}

}  // namespace endoverlay
