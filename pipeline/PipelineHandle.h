#pragma once

typedef struct _GstElement GstElement;
typedef struct _GstBus GstBus;

namespace endoverlay {

// Owns a GStreamer pipeline, the appsink or appsrc the code talks to, and the
// pipeline's bus. Releasing it stops the pipeline first, so no streaming
// thread is left running into freed callbacks.
struct PipelineHandle {
  GstElement* pipeline = nullptr;
  GstElement* app = nullptr;
  GstBus* bus = nullptr;

  PipelineHandle() = default;
  PipelineHandle(const PipelineHandle&) = delete;
  PipelineHandle& operator=(const PipelineHandle&) = delete;
  ~PipelineHandle();
};

}  // namespace endoverlay
