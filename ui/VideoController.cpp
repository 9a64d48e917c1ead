#include "ui/VideoController.h"

#include <QMetaObject>
#include <QStandardPaths>

#include <cstring>

#include "core/InferenceStage.h"
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
  recording_.stop();
}

void VideoController::setVideoSink(QVideoSink* sink) {
  if (sink_ == sink) return;
  sink_ = sink;
  Q_EMIT videoSinkChanged();
}

void VideoController::componentComplete() { start(); }

void VideoController::start() {
  loadModels();
  try {
    const SourceSpec spec = SourceSpec::parse(source_.isEmpty() ? bundledErcpDemoClip().string() : source_.toStdString());
    LiveSessionCallbacks callbacks;
    sourceKind_ = spec.kind;
    callbacks.onDisplayFrame = [this](const Frame& frame) {
      queueForDisplay(frame);
      recording_.addFrame(frame, session_->source().nominalFps());
    };
    callbacks.onResult = [this](InferenceResult result) {
      recording_.addResult(result);
      OverlayImages images;
      if (!result.stable.ampullaMask.empty()) images.heatmap = heatmapImage(result.stable.ampullaMask);
      if (result.explanation) images.explanation = heatmapImage(result.explanation->map);
      QMetaObject::invokeMethod(this, [this, result = std::move(result), images]() mutable {
        acceptResult(std::move(result), std::move(images));
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
        stopRecording();
        setError(QStringLiteral("Video source failed: %1").arg(text));
      }, Qt::QueuedConnection);
    };
    callbacks.onEnd = [this] {
      QMetaObject::invokeMethod(this, [this] {
        setSourceState(SourceState::Ended);
        stopRecording();
      }, Qt::QueuedConnection);
    };
    session_ = std::make_unique<LiveSession>(spec, stage_.get(), std::move(callbacks));
    setSourceState(SourceState::Playing);
    session_->start();
  } catch (const SourceError& error) {
    setSourceState(SourceState::Failed);
    setError(QStringLiteral("Video source failed: %1").arg(QString::fromUtf8(error.what())));
  }
}

void VideoController::loadModels() {
  const std::filesystem::path directory =
      modelsDirectory_.isEmpty() ? bundledModelsDirectory() : std::filesystem::path(modelsDirectory_.toStdString());
  try {
    EngineOptions options;
    options.device = parseDeviceChoice(device_.toStdString());
    options.cpuThreads = cpuThreads_;
    const StabilitySettings stability =
        settingsFile_.isEmpty() ? StabilitySettings{} : StabilitySettings::load(settingsFile_.toStdString());
    stage_ = std::make_unique<InferenceStage>(loadModelCards(directory), options, parseMode(mode_.toStdString()), stability);
    stage_->setExplanations(explanations_);
    describeModels();
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
  videoSize_ = pending->video.size();
  if (frameIndex_ < 0) firstArrival_ = pending->arrival;
  frameIndex_ = pending->index;
  shownArrival_ = pending->arrival;
  // Until the first result, the age counts from the first frame, so a model
  // that never answers shows as paused too.
  resultAgeMs_ = std::chrono::duration<double, std::milli>(shownArrival_ - (result_ ? result_->frameArrival : firstArrival_)).count();
  displayRate_.tick();
  Q_EMIT frameShown();
}

void VideoController::describeModels() {
  QStringList names;
  for (const ModelIdentity& model : stage_->models())
    names << QStringLiteral("%1 %2").arg(QString::fromStdString(model.name), QString::fromStdString(model.version));
  modelsText_ = names.join(QStringLiteral(", "));
  deviceName_ = QString::fromStdString(stage_->device());
  Q_EMIT modelChanged();
}

QString VideoController::modeName() const {
  return stage_ ? QString::fromStdString(toString(stage_->mode())) : mode_.toUpper();
}

void VideoController::toggleMode() {
  if (!stage_) return;
  const Mode next = stage_->mode() == Mode::Ercp ? Mode::Eus : Mode::Ercp;
  try {
    stage_->setMode(next);
  } catch (const std::invalid_argument& e) {
    setError(QString::fromUtf8(e.what()));
    return;
  }
  moduleLogger("ui")->info("mode {}", toString(next));
  result_.reset();
  images_ = {};
  describeModels();
  Q_EMIT resultChanged();
}

void VideoController::toggleRecording() {
  if (recording()) {
    stopRecording();
    return;
  }
  const QString folder = recordingsFolder_.isEmpty()
                             ? QStandardPaths::writableLocation(QStandardPaths::MoviesLocation) + QStringLiteral("/Endoverlay")
                             : recordingsFolder_;
  RecordingOptions options{folder.toStdString(), stage_ ? stage_->mode() : parseMode(mode_.toStdString()), sourceKind_, {}};
  try {
    recording_.start(std::make_shared<Recording>(options, [this](const std::string& reason) {
      QMetaObject::invokeMethod(this, [this, text = QString::fromStdString(reason)] {
        stopRecording();
        setError(text);
      }, Qt::QueuedConnection);
    }));
  } catch (const std::exception& e) {
    setError(QStringLiteral("Cannot record: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  Q_EMIT recordingChanged();
}

void VideoController::stopRecording() {
  if (!recording_.stop()) return;
  Q_EMIT recordingChanged();
}

QString VideoController::recordingText() const {
  const auto current = recording_.current();
  if (!current) return {};
  const int seconds = static_cast<int>(current->seconds());
  return QStringLiteral("REC %1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

void VideoController::setCystRegion(const QRectF& frameRect) {
  const QRectF region = frameRect.normalized();
  if (region == cystRegion_) return;
  cystRegion_ = region;
  if (stage_)
    stage_->setCystRegion(region.isEmpty() ? std::nullopt
                                           : std::optional<Box>(Box{region.x(), region.y(), region.width(), region.height()}));
  Q_EMIT cystRegionChanged();
}

void VideoController::setExplanations(bool on) {
  if (explanations_ == on) return;
  explanations_ = on;
  if (stage_) stage_->setExplanations(on);
  Q_EMIT explanationsChanged();
}

QRectF VideoController::explanationRegion() const {
  if (!explanations_ || !result_ || !result_->explanation) return {};
  const Box& r = result_->explanation->region;
  return {r.x, r.y, r.width, r.height};
}

QString VideoController::explanationLabel() const {
  if (!explanations_ || !result_ || !result_->explanation) return {};
  return QString::fromStdString(result_->explanation->label).replace(QLatin1Char('_'), QLatin1Char(' '));
}

void VideoController::acceptResult(InferenceResult result, OverlayImages images) {
  // A result computed before a mode switch belongs to the old mode's overlay.
  if (stage_ && result.mode != stage_->mode()) return;
  result_ = std::move(result);
  images_ = std::move(images);
  latencies_.add(result_->timings);
  latencies_.addShown(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - result_->frameArrival).count());
  resultRate_.tick();
  // A result is never newer than the picture: its age counts from its own frame to the one on screen.
  resultAgeMs_ = std::max(0.0, std::chrono::duration<double, std::milli>(shownArrival_ - result_->frameArrival).count());
  const QString deviceNotice = QString::fromStdString(result_->deviceNotice);
  if (!deviceNotice.isEmpty() && deviceNotice != errorText_) {
    setError(deviceNotice);
    describeModels();
  }
  Q_EMIT resultChanged();
  Q_EMIT frameShown();
}

double VideoController::displayFps() const { return displayRate_.perSecond(); }

double VideoController::sourceFps() const { return session_ ? session_->source().nominalFps() : 0.0; }

double VideoController::resultsPerSecond() const { return resultRate_.perSecond(); }

QString VideoController::latencyText() const {
  const LatencySummary s = latencies_.summary(StageLatencies::Shown);
  if (s.count == 0) return {};
  return QStringLiteral("arrival→shown p50 %1 · p99 %2 · p99.9 %3 · max %4 ms")
      .arg(s.p50, 0, 'f', 0).arg(s.p99, 0, 'f', 0).arg(s.p999, 0, 'f', 0).arg(s.max, 0, 'f', 0);
}

QString VideoController::latencyReport() const { return QString::fromStdString(latencies_.toJson().dump(2)); }

double VideoController::overlayFade() const {
  if (!result_) return 0.0;
  if (resultAgeMs_ <= kFadeStartMs) return 1.0;
  return std::max(0.0, 1.0 - (resultAgeMs_ - kFadeStartMs) / (kGoneMs - kFadeStartMs));
}

bool VideoController::aiPaused() const {
  return inferenceFailed_ || (sourceState_ == SourceState::Playing && resultAgeMs_ > kGoneMs);
}

bool VideoController::detectionShown() const {
  return result_ && result_->stable.ampulla && result_->stable.ampulla->score >= result_->displayThreshold;
}

QRectF VideoController::box() const {
  if (!result_ || !result_->stable.ampulla) return {};
  const Box& b = result_->stable.ampulla->box;
  return {b.x, b.y, b.width, b.height};
}

QPointF VideoController::centroid() const {
  if (!result_ || !result_->stable.ampulla) return {};
  return {result_->stable.ampulla->centroidX, result_->stable.ampulla->centroidY};
}

VideoController::Light VideoController::trafficLight() const {
  if (!result_) return Light::Off;
  switch (result_->stable.light) {
    case TrafficLight::Off: return Light::Off;
    case TrafficLight::Green: return Light::Green;
    case TrafficLight::Amber: return Light::Amber;
    case TrafficLight::Red: return Light::Red;
  }
  return Light::Off;
}

double VideoController::difficultProbability() const {
  return result_ && result_->stable.difficultProbability ? *result_->stable.difficultProbability : 0.0;
}

QVariantList VideoController::difficultyBreakdown() const {
  QVariantList rows;
  if (!result_ || !result_->stable.difficulty) return rows;
  const ClassProbabilities& p = *result_->stable.difficulty;
  for (std::size_t i = 0; i < p.labels.size(); ++i)
    rows.append(QVariantMap{{QStringLiteral("label"), QString::fromStdString(p.labels[i]).replace(QLatin1Char('_'), QLatin1Char(' '))},
                            {QStringLiteral("probability"), p.values[i]}});
  return rows;
}

QString VideoController::cystLabel() const {
  return result_ && result_->stable.cystLabel ? QString::fromStdString(*result_->stable.cystLabel) : QString();
}

double VideoController::cystProbability() const {
  if (!result_ || !result_->stable.cystType) return 0.0;
  const ClassProbabilities& p = *result_->stable.cystType;
  return result_->stable.cystLabel ? p.of(*result_->stable.cystLabel) : p.values.at(p.top());
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
