#include "pipeline/LiveSession.h"

namespace endoverlay {

LiveSession::LiveSession(const SourceSpec& spec, FrameAnalyzer* analyzer, LiveSessionCallbacks callbacks)
    : callbacks_(std::move(callbacks)), frames_(callbacks_.onDisplayFrame, callbacks_.onRecordFrame) {
  if (analyzer) worker_ = std::make_unique<InferenceWorker>(*analyzer, callbacks_.onResult, callbacks_.onInferenceFailure);
  frames_.setWorker(worker_.get());
  VideoSourceCallbacks sourceCallbacks;
  sourceCallbacks.onFrame = [this](Frame frame) { frames_.push(frame); };
  sourceCallbacks.onError = callbacks_.onSourceError;
  sourceCallbacks.onEnd = callbacks_.onEnd;
  sourceCallbacks.onSignalLost = callbacks_.onSignalLost;
  sourceCallbacks.onSignalBack = callbacks_.onSignalBack;
  source_ = std::make_unique<VideoSource>(spec, Pacing::SourceRate, std::move(sourceCallbacks));
}

LiveSession::~LiveSession() { stop(); }

void LiveSession::start() { source_->start(); }

void LiveSession::setAnalysing(bool on) { frames_.setWorker(on ? worker_.get() : nullptr); }

void LiveSession::stop() {
  source_->stop();
  if (worker_) worker_->stop();
}

}  // namespace endoverlay
