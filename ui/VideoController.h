#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlParserStatus>
#include <QRectF>
#include <QSize>
#include <QTimer>
#include <QVideoSink>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <memory>
#include <optional>

#include "core/analysis/InferenceResult.h"
#include "core/support/StageLatencies.h"
#include "pipeline/ActiveRecording.h"
#include "pipeline/SourceSpec.h"
#include "ui/FrameDisplayQueue.h"
#include "ui/FrameRateCounter.h"
#include "ui/OverlayReadout.h"

namespace endoverlay {

class InferenceStage;
class LiveSession;

// The window's view model. Input: the --source and --mode texts, the models
// directory, the device and thread budget, and the QVideoSink of the
// window's VideoOutput. Output: every source frame pushed to that sink at the
// source's rate; the newest stable readout (OverlayReadout: in ERCP the
// ampulla and the difficulty traffic light, in EUS the cyst badge), faded by
// its age; HUD numbers; errors as text for the window. Records the live view
// on request into recordingsFolder (default: ~/Videos/Endoverlay). Starts
// when QML has set all properties; source, mode and device are parsed here,
// once.
class VideoController : public QObject, public QQmlParserStatus {
  static constexpr std::size_t kLatencyWindow = 1500;  // a minute of results at 25 a second

  Q_OBJECT
  Q_INTERFACES(QQmlParserStatus)
  QML_ELEMENT

  Q_PROPERTY(QString source MEMBER source_ NOTIFY configurationChanged)
  Q_PROPERTY(QString mode MEMBER mode_ NOTIFY configurationChanged)
  Q_PROPERTY(QString protocolsDirectory MEMBER protocolsDirectory_ NOTIFY configurationChanged)
  Q_PROPERTY(QString modelsDirectory MEMBER modelsDirectory_ NOTIFY configurationChanged)
  Q_PROPERTY(QStringList chosenModels MEMBER chosenModels_ NOTIFY configurationChanged)
  Q_PROPERTY(QString settingsFile MEMBER settingsFile_ NOTIFY configurationChanged)
  Q_PROPERTY(QString device MEMBER device_ NOTIFY configurationChanged)
  Q_PROPERTY(int cpuThreads MEMBER cpuThreads_ NOTIFY configurationChanged)
  Q_PROPERTY(QString recordingsFolder MEMBER recordingsFolder_ NOTIFY configurationChanged)
  Q_PROPERTY(QVideoSink* videoSink READ videoSink WRITE setVideoSink NOTIFY videoSinkChanged)

  Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
  Q_PROPERTY(QString sourceText READ sourceText NOTIFY sourceStateChanged)
  Q_PROPERTY(SourceState sourceState READ sourceState NOTIFY sourceStateChanged)
  Q_PROPERTY(QString modelsText READ modelsText NOTIFY modelChanged)
  Q_PROPERTY(QString deviceName READ deviceName NOTIFY modelChanged)
  Q_PROPERTY(QString modeName READ modeName NOTIFY modelChanged)
  Q_PROPERTY(QString modeId READ modeId NOTIFY modelChanged)
  Q_PROPERTY(QVariantList modes READ modes NOTIFY modelChanged)
  Q_PROPERTY(bool takesRegion READ takesRegion NOTIFY modelChanged)
  Q_PROPERTY(QRectF cystRegion READ cystRegion NOTIFY cystRegionChanged)
  Q_PROPERTY(QRectF referenceRegion READ referenceRegion NOTIFY cystRegionChanged)
  Q_PROPERTY(bool contrastClock READ contrastClock NOTIFY modelChanged)
  Q_PROPERTY(QSize videoSize READ videoSize NOTIFY frameShown)

  Q_PROPERTY(qint64 frameIndex READ frameIndex NOTIFY frameShown)
  Q_PROPERTY(double displayFps READ displayFps NOTIFY frameShown)
  Q_PROPERTY(double sourceFps READ sourceFps NOTIFY frameShown)
  Q_PROPERTY(double resultAgeMs READ resultAgeMs NOTIFY frameShown)
  Q_PROPERTY(bool aiPaused READ aiPaused NOTIFY frameShown)
  Q_PROPERTY(bool aiOff READ aiOff WRITE setAiOff NOTIFY aiOffChanged)
  Q_PROPERTY(bool recording READ recording NOTIFY recordingChanged)
  Q_PROPERTY(QString recordingText READ recordingText NOTIFY frameShown)

  Q_PROPERTY(qint64 resultFrameIndex READ resultFrameIndex NOTIFY resultChanged)
  Q_PROPERTY(double inferenceMs READ inferenceMs NOTIFY resultChanged)
  Q_PROPERTY(QString latencyText READ latencyText NOTIFY resultChanged)
  Q_PROPERTY(double resultsPerSecond READ resultsPerSecond NOTIFY resultChanged)
  Q_PROPERTY(qint64 invalidResults READ invalidResults NOTIFY resultChanged)
  Q_PROPERTY(bool explanations READ explanations WRITE setExplanations NOTIFY explanationsChanged)
  Q_PROPERTY(OverlayReadout* readout READ readout CONSTANT)

 public:
  enum class SourceState { Starting, Playing, Reconnecting, Ended, Failed };
  Q_ENUM(SourceState)

  explicit VideoController(QObject* parent = nullptr);
  ~VideoController() override;

  void classBegin() override {}
  void componentComplete() override;

  QVideoSink* videoSink() const { return sink_; }
  void setVideoSink(QVideoSink* sink);

  QString errorText() const { return errorText_; }
  // What kind of source plays ("file (mp4)", "rtsp stream"), never its name or address.
  QString sourceText() const { return sourceText_; }
  SourceState sourceState() const { return sourceState_; }
  QString modelsText() const { return modelsText_; }
  QString deviceName() const { return deviceName_; }
  QString modeName() const;
  QString modeId() const;
  // Every protocol as {id, name, available}, in the order M steps through them.
  QVariantList modes() const;
  // Whether the mode reads a region the user drags (EUS: the cyst), so the window offers to drag one.
  bool takesRegion() const;
  // Where the heads read the region dragged: on a dual view's right half when it was dragged on the left.
  QRectF cystRegion() const;
  // Contrast modes: the reference region, placed as the region is.
  QRectF referenceRegion() const;
  // Whether the mode times a contrast study (CEUS), so the window offers the injection key and a reference region.
  bool contrastClock() const;
  QSize videoSize() const { return videoSize_; }
  qint64 frameIndex() const { return frameIndex_; }
  double displayFps() const;
  double sourceFps() const;
  double resultAgeMs() const { return resultAgeMs_; }
  // No overlay now: the user switched the AI off, it failed, or its newest result is too old.
  bool aiPaused() const;
  // The user's switch: no frame goes to the models while it is on (during cannulation, or to save the CPU).
  bool aiOff() const { return aiOff_; }
  void setAiOff(bool off);
  const std::optional<InferenceResult>& result() const { return readout_.result(); }
  qint64 resultFrameIndex() const { return result() ? result()->frameIndex : -1; }
  double inferenceMs() const { return result() ? result()->timings.inferenceMs : 0.0; }
  double resultsPerSecond() const;
  // Results so far in which a head's output held a NaN or an infinity.
  qint64 invalidResults() const;
  QString latencyText() const;
  // Per-stage latency summaries of the run so far, as JSON (StageLatencies::toJson).
  Q_INVOKABLE QString latencyReport() const;
  OverlayReadout* readout() { return &readout_; }
  bool explanations() const { return explanations_; }
  void setExplanations(bool on);

  bool recording() const { return recording_.current() != nullptr; }
  // "REC m:ss" while recording; empty otherwise.
  QString recordingText() const;
  // Starts or stops recording the clean picture and its results; a failure shows in the window.
  Q_INVOKABLE void toggleRecording();

  // Switches to the next protocol the models serve, after the last back to
  // the first; when they serve no other, tries the next one, which says why not.
  Q_INVOKABLE void nextMode();
  // Switches to protocol `id`; an error in the window when no model serves it.
  Q_INVOKABLE void selectMode(const QString& id);
  // The EUS region of interest, in frame pixels; an empty rectangle clears it.
  Q_INVOKABLE void setCystRegion(const QRectF& frameRect);
  // Contrast modes: the reference region on parenchyma for the time-intensity curve; an empty rectangle clears it.
  Q_INVOKABLE void setReferenceRegion(const QRectF& frameRect);
  // Contrast modes: the contrast was injected now, at the frame on screen; the phases count from it.
  Q_INVOKABLE void markInjection();

 Q_SIGNALS:
  void configurationChanged();
  void videoSinkChanged();
  void errorTextChanged();
  void sourceStateChanged();
  void modelChanged();
  void cystRegionChanged();
  void explanationsChanged();
  void recordingChanged();
  void aiOffChanged();
  void frameShown();
  void resultChanged();

 private:
  void start();
  void loadModels();
  void describeModels();
  void showFrame(FrameDisplayQueue::Shown frame);
  void acceptResult(InferenceResult result, OverlayReadout::Images images);
  void showWaitingResult();
  void updateFade();
  void setError(const QString& text);
  void setSourceState(SourceState state);
  void stopRecording();
  // A dragged region where the heads read it (placeUserRegion).
  QRectF placed(const QRectF& region) const;

  QString source_;
  QString modelsDirectory_;
  QStringList chosenModels_;
  QString sourceText_;
  QString settingsFile_;
  QString device_ = QStringLiteral("auto");
  int cpuThreads_ = 0;
  QString recordingsFolder_;
  QPointer<QVideoSink> sink_;

  QString errorText_;
  QString signalLostText_;  // the message shown while a dropped source reconnects
  SourceState sourceState_ = SourceState::Starting;
  QString mode_ = QStringLiteral("ercp");
  QString protocolsDirectory_;
  QString modelsText_;
  QString deviceName_;
  QRectF cystRegion_;
  QRectF referenceRegion_;
  std::int64_t shownPtsNs_ = 0;
  QSize videoSize_;
  qint64 frameIndex_ = -1;
  std::chrono::steady_clock::time_point firstArrival_{};
  std::chrono::steady_clock::time_point shownArrival_{};
  double resultAgeMs_ = 0;
  bool inferenceFailed_ = false;
  OverlayReadout readout_;
  bool explanations_ = false;
  bool aiOff_ = false;
  FrameRateCounter displayRate_;
  FrameRateCounter resultRate_;
  StageLatencies latencies_{kLatencyWindow};

  struct WaitingResult {
    InferenceResult result;
    OverlayReadout::Images images;
  };
  std::optional<WaitingResult> waitingResult_;
  QTimer resultDeadline_;

  FrameDisplayQueue display_{this, [this](FrameDisplayQueue::Shown frame) { showFrame(std::move(frame)); }};
  SourceKind sourceKind_ = SourceKind::File;
  ActiveRecording recording_;
  std::unique_ptr<InferenceStage> stage_;
  std::unique_ptr<LiveSession> session_;
};

}  // namespace endoverlay
