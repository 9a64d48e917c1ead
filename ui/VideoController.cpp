#include "ui/VideoController.h"

#include <QMetaObject>

#include <cstring>

#include "core/AmpullaHead.h"
#include "core/Logging.h"
#include "core/ModelDirectory.h"
#include "core/ResourcePaths.h"
#include "pipeline/LiveSession.h"
#include "ui/HeatmapImage.h"

namespace endoverlay {
namespace {

// A result older than this starts to fade; at twice this it is gone and the
// HUD says the AI has paused. The picture never waits for it.
constexpr double kFadeStartMs = 1000.0;
constexpr double kGoneMs = 2000.0;

QVideoFrame toVideoFrame(const Frame& frame) {
  const QSize size(frame.bgrx.cols, frame.bgrx.rows);
  QVideoFrame video(QVideoFrameFormat(size, QVideoFrameFormat::Format_BGRX8888));
  if (!video.map(QVideoFrame::WriteOnly)) return {};
  const std::size_t rowBytes = static_cast<std::size_t>(size.width()) * 4;
  for (int row = 0; row < size.height(); ++row)
    std::memcpy(video.bits(0) + static_cast<qsizetype>(row) * video.bytesPerLine(0), frame.bgrx.ptr(row), rowBytes);
  video.unmap();
  video.setStartTime(frame.ptsNs / 1000);
  return video;
}

}  // namespace

VideoController::VideoController(QObject* parent) : QObject(parent) {}

VideoController::~VideoController() {
  // Stopping joins the streaming and inference threads, so no callback can
  // reach this object once it is half destroyed.
  if (session_) session_->stop();
}

void VideoController::setVideoSink(QVideoSink* sink) {
  if (sink_ == sink) return;
  sink_ = sink;
  Q_EMIT videoSinkChanged();
}

void VideoController::componentComplete() { start(); }

void VideoController::start() {
  loadModel();
  try {
    const SourceSpec spec = SourceSpec::parse(source_.isEmpty() ? bundledErcpDemoClip().string() : source_.toStdString());
    LiveSessionCallbacks callbacks;
    callbacks.onDisplayFrame = [this](const Frame& frame) { queueForDisplay(frame); };
    callbacks.onResult = [this](InferenceResult result) {
      QImage heatmap = heatmapImage(result.ampullaMask);
      QMetaObject::invokeMethod(this, [this, result = std::move(result), heatmap]() mutable {
        acceptResult(std::move(result), heatmap);
      }, Qt::QueuedConnection);
    };
    callbacks.onInferenceFailure = [this](const std::string& message) {
      QMetaObject::invokeMethod(this, [this, text = QString::fromStdString(message)] {
        inferenceFailed_ = true;
        setError(QStringLiteral("AI stopped: %1").arg(text));
      }, Qt::QueuedConnection);
    };
    callbacks.onSourceError = [this](const SourceError& error) {
      QMetaObject::invokeMethod(this, [this, text = QString::fromStdString(error.what())] {
        setSourceState(SourceState::Failed);
        setError(QStringLiteral("Video source failed: %1").arg(text));
      }, Qt::QueuedConnection);
    };
    callbacks.onEnd = [this] {
      QMetaObject::invokeMethod(this, [this] { setSourceState(SourceState::Ended); }, Qt::QueuedConnection);
    };
    session_ = std::make_unique<LiveSession>(spec, analyzer_.get(), std::move(callbacks));
    setSourceState(SourceState::Playing);
    session_->start();
  } catch (const SourceError& error) {
    setSourceState(SourceState::Failed);
    setError(QStringLiteral("Video source failed: %1").arg(QString::fromUtf8(error.what())));
  }
}

void VideoController::loadModel() {
  const std::filesystem::path directory =
      modelsDirectory_.isEmpty() ? bundledModelsDirectory() : std::filesystem::path(modelsDirectory_.toStdString());
  try {
    EngineOptions options;
    options.device = parseDeviceChoice(device_.toStdString());
    options.cpuThreads = cpuThreads_;
    const auto cards = loadModelCards(directory);
    analyzer_ = std::make_unique<AmpullaHead>(cardForTask(cards, ModelTask::AmpullaSoftMask, directory), options);
    const ModelIdentity identity = analyzer_->model();
    modelName_ = QString::fromStdString(identity.name);
    modelVersion_ = QString::fromStdString(identity.version);
    deviceName_ = QString::fromStdString(analyzer_->device());
    Q_EMIT modelChanged();
  } catch (const std::exception& e) {
    moduleLogger("ui")->error("no AI overlay: {}", e.what());
    inferenceFailed_ = true;
    setError(QStringLiteral("AI off, video only: %1").arg(QString::fromUtf8(e.what())));
  }
}

// Runs on the GStreamer streaming thread: the copy into a QVideoFrame happens
// here, and only the newest frame waits for the GUI thread, so a busy GUI
// skips frames instead of piling them up.
void VideoController::queueForDisplay(const Frame& frame) {
  PendingFrame pending{toVideoFrame(frame), frame.index, frame.arrival};
  bool alreadyQueued = false;
  {
    const std::lock_guard lock(pendingMutex_);
    alreadyQueued = pending_.has_value();
    pending_ = std::move(pending);
  }
  if (!alreadyQueued) QMetaObject::invokeMethod(this, [this] { showPendingFrame(); }, Qt::QueuedConnection);
}

void VideoController::showPendingFrame() {
  std::optional<PendingFrame> pending;
  {
    const std::lock_guard lock(pendingMutex_);
    pending.swap(pending_);
  }
  if (!pending) return;
  if (sink_) sink_->setVideoFrame(pending->video);
  if (frameIndex_ < 0) firstArrival_ = pending->arrival;
  frameIndex_ = pending->index;
  shownArrival_ = pending->arrival;
  // Until the first result, the age counts from the first frame, so a model
  // that never answers shows as paused too.
  resultAgeMs_ = std::chrono::duration<double, std::milli>(shownArrival_ - (result_ ? result_->frameArrival : firstArrival_)).count();
  displayRate_.tick();
  Q_EMIT frameShown();
}

void VideoController::acceptResult(InferenceResult result, QImage heatmap) {
  result_ = std::move(result);
  heatmap_ = std::move(heatmap);
  resultRate_.tick();
  // A result is never newer than the picture: its age counts from its own frame to the one on screen.
  resultAgeMs_ = std::max(0.0, std::chrono::duration<double, std::milli>(shownArrival_ - result_->frameArrival).count());
  Q_EMIT resultChanged();
  Q_EMIT frameShown();
}

double VideoController::displayFps() const { return displayRate_.perSecond(); }

double VideoController::sourceFps() const { return session_ ? session_->source().nominalFps() : 0.0; }

double VideoController::resultsPerSecond() const { return resultRate_.perSecond(); }

double VideoController::overlayFade() const {
  if (!result_) return 0.0;
  if (resultAgeMs_ <= kFadeStartMs) return 1.0;
  return std::max(0.0, 1.0 - (resultAgeMs_ - kFadeStartMs) / (kGoneMs - kFadeStartMs));
}

bool VideoController::aiPaused() const {
  return inferenceFailed_ || (sourceState_ == SourceState::Playing && resultAgeMs_ > kGoneMs);
}

bool VideoController::detectionShown() const {
  return result_ && result_->ampulla && result_->ampulla->score >= result_->displayThreshold;
}

QRectF VideoController::box() const {
  if (!result_ || !result_->ampulla) return {};
  const Box& b = result_->ampulla->box;
  return {b.x, b.y, b.width, b.height};
}

QPointF VideoController::centroid() const {
  if (!result_ || !result_->ampulla) return {};
  return {result_->ampulla->centroidX, result_->ampulla->centroidY};
}

QSize VideoController::frameSize() const {
  return result_ ? QSize(result_->frameSize.width, result_->frameSize.height) : QSize();
}

void VideoController::setError(const QString& text) {
  if (errorText_ == text) return;
  errorText_ = text;
  Q_EMIT errorTextChanged();
}

void VideoController::setSourceState(SourceState state) {
  if (sourceState_ == state) return;
  sourceState_ = state;
  Q_EMIT sourceStateChanged();
}

}  // namespace endoverlay
