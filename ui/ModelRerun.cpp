#include "ui/ModelRerun.h"

#include <QMetaObject>

#include "core/analysis/InferenceStage.h"
#include "pipeline/InferenceWorker.h"

namespace endoverlay {

ModelRerun::ModelRerun(QObject* context, FrameFanOut& frames, ResultHandler onResult, FailureHandler onFailure)
    : context_(context), frames_(frames), onResult_(std::move(onResult)), onFailure_(std::move(onFailure)) {}

ModelRerun::~ModelRerun() { unload(); }

void ModelRerun::start(const AnalysisSetup& setup, const std::string& protocolId) {
  if (worker_) return;
  if (!stage_) stage_ = setup.makeStage(protocolId);
  stage_->restartSmoothing();
  worker_ = std::make_unique<InferenceWorker>(
      *stage_,
      [this](InferenceResult result) {
        OverlayReadout::Images images = OverlayReadout::imagesOf(result);
        QMetaObject::invokeMethod(context_, [this, result = std::move(result), images, generation = generation_.load()]() mutable {
          if (generation == generation_) onResult_(std::move(result), std::move(images));
        }, Qt::QueuedConnection);
      },
      [this](const std::string& message) {
        QMetaObject::invokeMethod(context_, [this, text = QString::fromStdString(message), generation = generation_.load()] {
          if (generation == generation_) onFailure_(text);
        }, Qt::QueuedConnection);
      });
  frames_.setWorker(worker_.get());
}

void ModelRerun::stop() {
  frames_.setWorker(nullptr);  // from here on the streaming thread hands the worker nothing
  if (worker_) worker_->stop();
  worker_.reset();
  ++generation_;
}

void ModelRerun::unload() {
  stop();
  stage_.reset();
}

void ModelRerun::restartSmoothing() {
  if (stage_) stage_->restartSmoothing();
}

std::vector<ModelIdentity> ModelRerun::models() const { return stage_ ? stage_->models() : std::vector<ModelIdentity>{}; }

}  // namespace endoverlay
