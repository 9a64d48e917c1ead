#include "ui/ReplayController.h"

#include <QFileInfo>
#include <QMetaObject>

#include <algorithm>
#include <array>
#include <utility>

#include "core/support/Logging.h"
#include "pipeline/ReplaySource.h"
#include "pipeline/SourceSpec.h"
#include "pipeline/SourceError.h"
#include "ui/EventColour.h"
#include "ui/WindowAnalysisSetup.h"

namespace endoverlay {
namespace {

constexpr std::array<double, 5> kRates{0.25, 0.5, 1.0, 2.0, 4.0};

QString clockText(double seconds) {
  const int whole = static_cast<int>(seconds);
  return QStringLiteral("%1:%2.%3")
      .arg(whole / 60)
      .arg(whole % 60, 2, 10, QLatin1Char('0'))
      .arg(static_cast<int>((seconds - whole) * 10), 1, 10, QLatin1Char('0'));
}

}  // namespace

ReplayController::ReplayController(QObject* parent) : QObject(parent) {}

ReplayController::~ReplayController() { close(); }

void ReplayController::componentComplete() {
  completed_ = true;
  display_.paceBy(windowShowing(sink_));
  open();
}

void ReplayController::setFile(const QString& file) {
  if (file_ == file) return;
  file_ = file;
  Q_EMIT fileChanged();
  if (completed_) open();
}

void ReplayController::setVideoSink(QVideoSink* sink) {
  if (sink_ == sink) return;
  sink_ = sink;
  if (completed_) display_.paceBy(windowShowing(sink));
  Q_EMIT videoSinkChanged();
}

void ReplayController::setRerunModels(bool on) {
  if (rerunModels_ == on) return;
  rerunModels_ = on;
  Q_EMIT rerunModelsChanged();
  if (!opened()) return;
  recorded_.forgetShown();
  if (usesModels()) startModels();
  else models_.stop();
  describeOverlay();
  moveTo(frameIndex_);
}

void ReplayController::close() {
  const bool wasOpen = opened();
  replay_.reset();  // joins the streaming and bus threads: nothing new reaches the models or the queue
  display_.clear();
  models_.unload();  // another video may be another mode: the models are loaded again for it
  readout_.clear();
  recorded_.clear();
  events_.clear();
  recordingText_.clear();
  frameIndex_ = -1;
  setPlaying(false);
  if (wasOpen) Q_EMIT openedChanged();
}

void ReplayController::open() {
  close();
  setError({});
  if (file_.isEmpty()) return;
  const std::filesystem::path video = file_.toStdString();
  try {
    replay_ = std::make_unique<ReplaySource>(
        video,
        [this](Frame frame) { frames_.push(frame); },
        [this](const std::string& problem) {
          QMetaObject::invokeMethod(this, [this, text = QString::fromStdString(problem)] {
            setPlaying(false);
            if (!text.isEmpty()) setError(text);
          }, Qt::QueuedConnection);
        });
  } catch (const std::exception& e) {
    setError(QStringLiteral("Cannot replay: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  recorded_.load(video);
  describeRecording(video);
  if (usesModels()) startModels();
  describeOverlay();
  Q_EMIT openedChanged();
  moveTo(std::exchange(startFrame_, 0));
}

void ReplayController::describeRecording(const std::filesystem::path& video) {
  // A file without a sidecar is named by its kind, as sources are everywhere: its name may name the patient.
  recordingText_ = QString::fromStdString(SourceSpec::file(video).describe());
  if (!recorded_.loaded()) return;
  const RecordingHeader& h = recorded_.header();
  recordingText_ = QStringLiteral("procedure %1 · %2 · %3")
                       .arg(QString::fromStdString(h.procedureId), QString::fromStdString(h.startedUtc),
                            QString::fromStdString(h.protocolName));
  const double lastFrame = std::max<double>(1.0, static_cast<double>(frameCount() - 1));
  for (const RecordingEvent& event : recorded_.events())
    events_.append(QVariantMap{{QStringLiteral("frame"), static_cast<qint64>(event.frame)},
                               {QStringLiteral("fraction"), std::clamp(event.frame / lastFrame, 0.0, 1.0)},
                               {QStringLiteral("colour"), eventColour(event.kind)},
                               {QStringLiteral("label"), QString::fromStdString(describe(event))},
                               {QStringLiteral("time"), clockText(event.ptsNs / 1e9)}});
}

void ReplayController::startModels() {
  try {
    const std::string mode = recorded_.loaded() ? recorded_.header().protocolId
                             : mode_.isEmpty()  ? std::string("ercp")
                                                : mode_.toStdString();
    models_.start(windowAnalysisSetup(protocolsDirectory_, modelsDirectory_, chosenModels_, device_, cpuThreads_, settingsFile_),
                  mode);
  } catch (const std::exception& e) {
    moduleLogger("ui")->error("replay without the current models: {}", e.what());
    setError(QStringLiteral("Cannot run the current models: %1").arg(QString::fromUtf8(e.what())));
  }
}

void ReplayController::describeOverlay() {
  QString text;
  if (usesModels() && models_.running()) {
    QStringList names;
    for (const ModelIdentity& model : models_.models()) names << QString::fromStdString(describe(model));
    text = QStringLiteral("overlay: current models (%1)").arg(names.join(QStringLiteral(", ")));
  } else if (recorded_.loaded()) {
    text = QStringLiteral("overlay: as shown when recorded");
  } else {
    text = QStringLiteral("no overlay");
  }
  if (overlayText_ == text) return;
  overlayText_ = text;
  Q_EMIT overlayTextChanged();
}

void ReplayController::showFrame(FrameDisplayQueue::Shown frame) {
  if (!opened()) return;
  if (sink_) sink_->setVideoFrame(frame.video);
  frameSize_ = frame.video.size();
  frameIndex_ = frame.index;
  if (!usesModels()) recorded_.showAt(frame.index, frameSize_, readout_);
  Q_EMIT frameShown();
}

qint64 ReplayController::frameCount() const { return replay_ ? replay_->frameCount() : 0; }

double ReplayController::fps() const { return replay_ ? replay_->fps() : 0.0; }

QString ReplayController::positionText() const {
  if (!opened()) return {};
  return QStringLiteral("%1 / %2 · frame %3 / %4 · %5×")
      .arg(clockText(frameIndex_ / fps()), clockText(frameCount() / fps()))
      .arg(frameIndex_)
      .arg(frameCount() - 1)
      .arg(rate_);
}

// Jumps restart the models' smoothing: the frames before a jump say nothing
// about the one shown. A step of one frame forward keeps it, as playing does.
void ReplayController::moveTo(std::int64_t frame) {
  if (!opened()) return;
  const bool wasPlaying = playing_;
  const std::int64_t from = frameIndex_;
  try {
    const Frame shown = replay_->seek(frame);
    if (shown.index != from + 1) models_.restartSmoothing();
    setPlaying(false);
    frameIndex_ = shown.index;
    display_.clear();
    frames_.push(shown);
  } catch (const SourceError& e) {
    setError(QString::fromUtf8(e.what()));
  }
  if (wasPlaying) play();
}

void ReplayController::togglePlay() {
  if (playing_) pause();
  else play();
}

void ReplayController::play() {
  if (!opened()) return;
  try {
    if (replay_->currentFrame() >= frameCount() - 1) moveTo(0);
    replay_->play(rate_);
    setPlaying(true);
  } catch (const SourceError& e) {
    setError(QString::fromUtf8(e.what()));
  }
}

void ReplayController::pause() {
  if (!opened() || !playing_) return;
  setPlaying(false);
  moveTo(replay_->currentFrame());
}

void ReplayController::step(int frames) {
  if (!opened()) return;
  setPlaying(false);
  moveTo(replay_->currentFrame() + frames);
}

void ReplayController::seek(qint64 frame) { moveTo(frame); }

void ReplayController::seekFraction(double fraction) {
  seek(std::llround(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(frameCount() - 1)));
}

void ReplayController::faster() {
  const auto next = std::upper_bound(kRates.begin(), kRates.end(), rate_);
  if (next != kRates.end()) setRate(*next);
}

void ReplayController::slower() {
  const auto next = std::lower_bound(kRates.begin(), kRates.end(), rate_);
  if (next != kRates.begin()) setRate(*std::prev(next));
}

void ReplayController::setRate(double rate) {
  rate_ = rate;
  if (playing_) play();
  Q_EMIT playingChanged();
  Q_EMIT frameShown();
}

void ReplayController::nextEvent() {
  for (const RecordingEvent& event : recorded_.events())
    if (event.frame > frameIndex_) return moveTo(event.frame);
}

void ReplayController::previousEvent() {
  const std::vector<RecordingEvent>& events = recorded_.events();
  for (auto event = events.rbegin(); event != events.rend(); ++event)
    if (event->frame < frameIndex_) return moveTo(event->frame);
}

void ReplayController::setPlaying(bool playing) {
  if (playing_ == playing) return;
  playing_ = playing;
  Q_EMIT playingChanged();
}

void ReplayController::setError(const QString& text) {
  if (errorText_ == text) return;
  errorText_ = text;
  Q_EMIT errorTextChanged();
}

}  // namespace endoverlay
