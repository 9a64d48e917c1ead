#include "ui/VideoController.h"

#include <QMetaObject>
#include <QVariantMap>

#include <algorithm>

#include "core/analysis/FrameRegion.h"
#include "core/analysis/InferenceStage.h"
#include "core/support/Logging.h"
#include "core/support/ResourcePaths.h"
#include "pipeline/LiveSession.h"
#include "ui/WindowAnalysisSetup.h"

namespace endoverlay {
namespace {

// A result older than this starts to fade; at twice this it is gone and the
// HUD says the AI has paused. The picture never waits for it.
constexpr double kFadeStartMs = 1000.0;
constexpr double kGoneMs = 2000.0;

// A result waits for the next frame to be drawn with it, but no longer than
// this: when the source ends or stalls, it is drawn on its own.
constexpr int kResultWaitsAtMostMs = 50;

}  // namespace

VideoController::VideoController(QObject* parent) : QObject(parent) {
  resultDeadline_.setSingleShot(true);
  resultDeadline_.setInterval(kResultWaitsAtMostMs);
  connect(&resultDeadline_, &QTimer::timeout, this, [this] {
    showWaitingResult();
    Q_EMIT frameShown();
  });
}

VideoController::~VideoController() {
  // Stopping joins the streaming and inference threads, so no callback can
  // reach this object once it is half destroyed.
  if (session_) session_->stop();
  recording_.stop();
}

void VideoController::setVideoSink(QVideoSink* sink) {
  if (sink_ == sink) return;
  sink_ = sink;
  if (session_) display_.paceBy(windowShowing(sink));
  Q_EMIT videoSinkChanged();
}

void VideoController::componentComplete() {
  display_.paceBy(windowShowing(sink_));
  start();
}

void VideoController::start() {
  loadModels();
  try {
    const SourceSpec spec = SourceSpec::parse(source_.isEmpty() ? bundledErcpDemoClip().string() : source_.toStdString());
    LiveSessionCallbacks callbacks;
    sourceKind_ = spec.kind;
    sourceText_ = QString::fromStdString(spec.describe());
    callbacks.onDisplayFrame = [this](const Frame& frame) { display_.push(frame); };
    callbacks.onRecordFrame = [this](const Frame& frame) { recording_.addFrame(frame, session_->source().nominalFps()); };
    callbacks.onResult = [this](InferenceResult result) {
      recording_.addResult(result);
      OverlayReadout::Images images = OverlayReadout::imagesOf(result);
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
    callbacks.onSignalLost = [this](const std::string& reason) {
      QMetaObject::invokeMethod(this, [this, text = QString::fromStdString(reason)] {
        moduleLogger("ui")->warn("signal lost; the recording, if any, goes on after the gap");
        setSourceState(SourceState::Reconnecting);
        updateFade();
        signalLostText_ = QStringLiteral("Signal lost — reconnecting (%1)").arg(text);
        setError(signalLostText_);
      }, Qt::QueuedConnection);
    };
    callbacks.onSignalBack = [this](double gapSeconds) {
      QMetaObject::invokeMethod(this, [this, gapSeconds] {
        moduleLogger("ui")->info("signal back after {:.1f} s", gapSeconds);
        setSourceState(SourceState::Playing);
        // Only the signal's message goes: a problem reported during the gap stays.
        if (errorText_ == signalLostText_) setError({});
      }, Qt::QueuedConnection);
    };
    callbacks.onEnd = [this] {
      QMetaObject::invokeMethod(this, [this] {
        setSourceState(SourceState::Ended);
        stopRecording();
      }, Qt::QueuedConnection);
    };
    session_ = std::make_unique<LiveSession>(spec, stage_.get(), std::move(callbacks));
    session_->setAnalysing(!aiOff_);
    setSourceState(SourceState::Playing);
    session_->start();
  } catch (const SourceError& error) {
    setSourceState(SourceState::Failed);
    setError(QStringLiteral("Video source failed: %1").arg(QString::fromUtf8(error.what())));
  }
}

void VideoController::loadModels() {
  try {
    stage_ = windowAnalysisSetup(protocolsDirectory_, modelsDirectory_, chosenModels_, device_, cpuThreads_, settingsFile_)
                 .makeStage(mode_.toStdString());
    stage_->setExplanations(explanations_);
    describeModels();
  } catch (const std::exception& e) {
    moduleLogger("ui")->error("no AI overlay: {}", e.what());
    inferenceFailed_ = true;
    setError(QStringLiteral("AI off, video only: %1").arg(QString::fromUtf8(e.what())));
  }
}

void VideoController::showFrame(FrameDisplayQueue::Shown frame) {
  // With frames waiting for the screen, a result can be ahead of the picture; it waits for its own frame.
  if (waitingResult_ && waitingResult_->result.frameIndex <= frame.index) showWaitingResult();
  if (sink_) sink_->setVideoFrame(frame.video);
  latencies_.addVideo(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame.arrival).count());
  videoSize_ = frame.video.size();
  if (frameIndex_ < 0) firstArrival_ = frame.arrival;
  frameIndex_ = frame.index;
  shownArrival_ = frame.arrival;
  shownPtsNs_ = frame.ptsNs;
  // Until the first result, the age counts from the first frame, so a model
  // that never answers shows as paused too.
  resultAgeMs_ = std::chrono::duration<double, std::milli>(shownArrival_ - (result() ? result()->frameArrival : firstArrival_)).count();
  displayRate_.tick();
  updateFade();
  Q_EMIT frameShown();
}

void VideoController::describeModels() {
  QStringList names;
  for (const ModelIdentity& model : stage_->models()) names << QString::fromStdString(describe(model));
  modelsText_ = names.join(QLatin1Char('\n'));
  deviceName_ = QString::fromStdString(stage_->device());
  Q_EMIT modelChanged();
  Q_EMIT cystRegionChanged();  // the new mode may read it elsewhere
}

QString VideoController::modeName() const {
  return stage_ ? QString::fromStdString(stage_->protocol().name) : mode_.toUpper();
}

QString VideoController::modeId() const { return stage_ ? QString::fromStdString(stage_->protocol().id) : mode_; }

QVariantList VideoController::modes() const {
  QVariantList list;
  if (!stage_) return list;
  for (const ProtocolChoice& choice : stage_->choices())
    list.append(QVariantMap{{QStringLiteral("id"), QString::fromStdString(choice.id)},
                            {QStringLiteral("name"), QString::fromStdString(choice.name)},
                            {QStringLiteral("available"), choice.unavailable.empty()}});
  return list;
}

bool VideoController::takesRegion() const { return stage_ && stage_->protocol().takesRegion(); }

void VideoController::nextMode() {
  if (!stage_) return;
  const std::vector<ProtocolChoice>& choices = stage_->choices();
  const auto current = std::find_if(choices.begin(), choices.end(),
                                    [&](const ProtocolChoice& c) { return c.id == stage_->protocol().id; });
  const std::size_t start = static_cast<std::size_t>(current - choices.begin());
  for (std::size_t step = 1; step < choices.size(); ++step) {
    const ProtocolChoice& next = choices[(start + step) % choices.size()];
    if (next.unavailable.empty()) {
      selectMode(QString::fromStdString(next.id));
      return;
    }
  }
  if (choices.size() > 1) selectMode(QString::fromStdString(choices[(start + 1) % choices.size()].id));
}

void VideoController::selectMode(const QString& id) {
  if (!stage_) return;
  try {
    stage_->setProtocol(id.toStdString());
  } catch (const std::invalid_argument& e) {
    setError(QString::fromUtf8(e.what()));
    return;
  }
  moduleLogger("ui")->info("mode {}", stage_->protocol().id);
  readout_.clear();
  describeModels();
  Q_EMIT resultChanged();
}

void VideoController::toggleRecording() {
  if (recording()) {
    stopRecording();
    return;
  }
  const QString folder = recordingsFolderOr(recordingsFolder_);
  RecordingOptions options{folder.toStdString(), modeId().toStdString(), modeName().toStdString(), sourceKind_, {}};
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

namespace {

std::optional<Box> toBox(const QRectF& region) {
  if (region.isEmpty()) return std::nullopt;
  return Box{region.x(), region.y(), region.width(), region.height()};
}

}  // namespace

QRectF VideoController::placed(const QRectF& region) const {
  if (!stage_ || region.isEmpty() || videoSize_.isEmpty()) return region;
  const Box box = placeUserRegion(*toBox(region), cv::Size(videoSize_.width(), videoSize_.height()), stage_->protocol().userRegion);
  return {box.x, box.y, box.width, box.height};
}

QRectF VideoController::cystRegion() const { return placed(cystRegion_); }

QRectF VideoController::referenceRegion() const { return contrastClock() ? placed(referenceRegion_) : QRectF(); }

bool VideoController::contrastClock() const { return stage_ && stage_->protocol().contrast.has_value(); }

void VideoController::setCystRegion(const QRectF& frameRect) {
  const QRectF region = frameRect.normalized();
  if (region == cystRegion_) return;
  cystRegion_ = region;
  if (stage_) stage_->setUserRegion(toBox(region));
  Q_EMIT cystRegionChanged();
}

void VideoController::setReferenceRegion(const QRectF& frameRect) {
  const QRectF region = frameRect.normalized();
  if (region == referenceRegion_) return;
  referenceRegion_ = region;
  if (stage_) stage_->setReferenceRegion(toBox(region));
  Q_EMIT cystRegionChanged();
}

void VideoController::markInjection() {
  if (!stage_ || !contrastClock() || frameIndex_ < 0) return;
  stage_->setInjection(shownPtsNs_);
  moduleLogger("ui")->info("contrast injection marked at {:.2f} s", shownPtsNs_ / 1e9);
}

void VideoController::setExplanations(bool on) {
  if (explanations_ == on) return;
  explanations_ = on;
  readout_.setExplanations(on);
  if (stage_) stage_->setExplanations(on);
  Q_EMIT explanationsChanged();
}

void VideoController::setAiOff(bool off) {
  if (aiOff_ == off) return;
  aiOff_ = off;
  if (session_) session_->setAnalysing(!off);
  moduleLogger("ui")->info("AI switched {}", off ? "off" : "on");
  updateFade();
  Q_EMIT aiOffChanged();
  Q_EMIT frameShown();
}

// In a window, a result is drawn with the next frame: one render shows both, where drawing each on its own
// would render the whole window twice per frame. Offscreen, it is shown at once.
void VideoController::acceptResult(InferenceResult result, OverlayReadout::Images images) {
  waitingResult_ = WaitingResult{std::move(result), std::move(images)};
  if (display_.paced()) {
    if (!resultDeadline_.isActive()) resultDeadline_.start();
    return;
  }
  showWaitingResult();
  Q_EMIT frameShown();
}

void VideoController::showWaitingResult() {
  if (!waitingResult_) return;
  resultDeadline_.stop();
  InferenceResult result = std::move(waitingResult_->result);
  OverlayReadout::Images images = std::move(waitingResult_->images);
  waitingResult_.reset();
  // A result computed before a mode switch belongs to the old mode's overlay; one finished after the
  // user switched the AI off is not shown.
  if ((stage_ && result.protocolId != stage_->protocol().id) || aiOff_) return;
  latencies_.add(result.timings);
  latencies_.addShown(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - result.frameArrival).count());
  resultRate_.tick();
  // A result is never newer than the picture: its age counts from its own frame to the one on screen.
  resultAgeMs_ = std::max(0.0, std::chrono::duration<double, std::milli>(shownArrival_ - result.frameArrival).count());
  readout_.show(std::move(result), std::move(images));
  updateFade();
  const QString deviceNotice = QString::fromStdString(readout_.result()->deviceNotice);
  if (!deviceNotice.isEmpty() && deviceNotice != errorText_) {
    setError(deviceNotice);
    describeModels();
  }
  Q_EMIT resultChanged();
}

double VideoController::displayFps() const { return displayRate_.perSecond(); }

double VideoController::sourceFps() const { return session_ ? session_->source().nominalFps() : 0.0; }

double VideoController::resultsPerSecond() const { return resultRate_.perSecond(); }

qint64 VideoController::invalidResults() const { return stage_ ? stage_->invalidResults() : 0; }

QString VideoController::latencyText() const {
  const LatencySummary s = latencies_.summary(StageLatencies::Shown);
  if (s.count == 0) return {};
  return QStringLiteral("arrival→shown p50 %1 · p99 %2 · p99.9 %3 · max %4 ms")
      .arg(s.p50, 0, 'f', 0).arg(s.p99, 0, 'f', 0).arg(s.p999, 0, 'f', 0).arg(s.max, 0, 'f', 0);
}

QString VideoController::latencyReport() const { return QString::fromStdString(latencies_.toJson().dump(2)); }

// A result older than kFadeStartMs starts to fade; at kGoneMs it is gone. While a dropped source reconnects,
// nothing the models said before the drop is current, late results included: the overlay waits for frames.
// Switched off, the AI shows nothing.
void VideoController::updateFade() {
  if (sourceState_ == SourceState::Reconnecting || aiOff_) {
    readout_.setFade(0.0);
    return;
  }
  readout_.setFade(std::clamp(1.0 - (resultAgeMs_ - kFadeStartMs) / (kGoneMs - kFadeStartMs), 0.0, 1.0));
}

bool VideoController::aiPaused() const {
  return aiOff_ || inferenceFailed_ || (sourceState_ == SourceState::Playing && resultAgeMs_ > kGoneMs);
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
