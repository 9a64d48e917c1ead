#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlParserStatus>
#include <QVariantList>
#include <QVideoSink>
#include <QtQml/qqmlregistration.h>

#include <filesystem>
#include <memory>

#include "ui/FrameDisplayQueue.h"
#include "ui/ModelRerun.h"
#include "ui/OverlayReadout.h"
#include "ui/RecordedOverlay.h"

namespace endoverlay {

class ReplaySource;

// The replay window's view model: one recording or any video file, paused
// on its first frame until asked. It holds the transport itself — play and
// pause, step whole frames either way, seek to a frame or a point of the
// timeline, 0.25–4× speed, jump to the recording's events — and hands each
// shown frame to the overlay: what the live view showed (RecordedOverlay,
// from the sidecar) or, with rerunModels on and always for a video without
// one, what the current models say now (ModelRerun), frame by frame.
class ReplayController : public QObject, public QQmlParserStatus {
  Q_OBJECT
  Q_INTERFACES(QQmlParserStatus)
  QML_ELEMENT

  Q_PROPERTY(QString file READ file WRITE setFile NOTIFY fileChanged)
  Q_PROPERTY(QString mode MEMBER mode_ NOTIFY configurationChanged)
  Q_PROPERTY(QString protocolsDirectory MEMBER protocolsDirectory_ NOTIFY configurationChanged)
  Q_PROPERTY(QString modelsDirectory MEMBER modelsDirectory_ NOTIFY configurationChanged)
  Q_PROPERTY(QStringList chosenModels MEMBER chosenModels_ NOTIFY configurationChanged)
  Q_PROPERTY(QString settingsFile MEMBER settingsFile_ NOTIFY configurationChanged)
  Q_PROPERTY(QString device MEMBER device_ NOTIFY configurationChanged)
  Q_PROPERTY(int cpuThreads MEMBER cpuThreads_ NOTIFY configurationChanged)
  Q_PROPERTY(qint64 startFrame MEMBER startFrame_ NOTIFY configurationChanged)
  Q_PROPERTY(QVideoSink* videoSink READ videoSink WRITE setVideoSink NOTIFY videoSinkChanged)
  Q_PROPERTY(bool rerunModels READ rerunModels WRITE setRerunModels NOTIFY rerunModelsChanged)

  Q_PROPERTY(OverlayReadout* readout READ readout CONSTANT)
  Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
  Q_PROPERTY(bool opened READ opened NOTIFY openedChanged)
  Q_PROPERTY(bool hasSidecar READ hasSidecar NOTIFY openedChanged)
  Q_PROPERTY(QString sidecarNotice READ sidecarNotice NOTIFY openedChanged)
  Q_PROPERTY(QString recordingText READ recordingText NOTIFY openedChanged)
  Q_PROPERTY(qint64 frameCount READ frameCount NOTIFY openedChanged)
  Q_PROPERTY(double fps READ fps NOTIFY openedChanged)
  Q_PROPERTY(QVariantList events READ events NOTIFY openedChanged)
  Q_PROPERTY(QString overlayText READ overlayText NOTIFY overlayTextChanged)
  Q_PROPERTY(qint64 frameIndex READ frameIndex NOTIFY frameShown)
  Q_PROPERTY(QString positionText READ positionText NOTIFY frameShown)
  Q_PROPERTY(bool playing READ playing NOTIFY playingChanged)
  Q_PROPERTY(double rate READ rate NOTIFY playingChanged)

 public:
  explicit ReplayController(QObject* parent = nullptr);
  ~ReplayController() override;

  void classBegin() override {}
  void componentComplete() override;

  QString file() const { return file_; }
  void setFile(const QString& file);
  QVideoSink* videoSink() const { return sink_; }
  void setVideoSink(QVideoSink* sink);
  bool rerunModels() const { return rerunModels_; }
  void setRerunModels(bool on);

  OverlayReadout* readout() { return &readout_; }
  QString errorText() const { return errorText_; }
  bool opened() const { return replay_ != nullptr; }
  bool hasSidecar() const { return recorded_.loaded(); }
  // Why the overlay may be incomplete: a damaged sidecar; empty otherwise.
  QString sidecarNotice() const { return recorded_.notice(); }
  // "procedure 5f3a… · 2026-11-22 10:04 UTC · ERCP", or the file name of a plain video.
  QString recordingText() const { return recordingText_; }
  qint64 frameCount() const;
  double fps() const;
  // {frame, fraction (0..1 along the timeline), kind, label, time}, in frame order.
  QVariantList events() const { return events_; }
  QString overlayText() const { return overlayText_; }
  qint64 frameIndex() const { return frameIndex_; }
  QString positionText() const;
  bool playing() const { return playing_; }
  double rate() const { return rate_; }

  Q_INVOKABLE void togglePlay();
  Q_INVOKABLE void pause();
  Q_INVOKABLE void step(int frames);
  Q_INVOKABLE void seek(qint64 frame);
  // `fraction` of the way along the timeline, 0..1.
  Q_INVOKABLE void seekFraction(double fraction);
  // Next (or previous) speed of 0.25, 0.5, 1, 2, 4×; a playing video goes on at it.
  Q_INVOKABLE void faster();
  Q_INVOKABLE void slower();
  // To the first event after (before) the frame shown; nothing when there is none.
  Q_INVOKABLE void nextEvent();
  Q_INVOKABLE void previousEvent();

 Q_SIGNALS:
  void fileChanged();
  void configurationChanged();
  void videoSinkChanged();
  void rerunModelsChanged();
  void errorTextChanged();
  void openedChanged();
  void overlayTextChanged();
  void frameShown();
  void playingChanged();

 private:
  void open();
  void close();
  void describeRecording(const std::filesystem::path& video);
  bool usesModels() const { return rerunModels_ || !recorded_.loaded(); }
  void startModels();
  void showFrame(FrameDisplayQueue::Shown frame);
  void moveTo(std::int64_t frame);
  void play();
  void setRate(double rate);
  void setPlaying(bool playing);
  void setError(const QString& text);
  void describeOverlay();

  QString file_;
  QString mode_;
  QString protocolsDirectory_;
  QString modelsDirectory_;
  QStringList chosenModels_;
  QString settingsFile_;
  QString device_ = QStringLiteral("auto");
  int cpuThreads_ = 0;
  qint64 startFrame_ = 0;  // where the first video opens; later ones open on frame 0
  QPointer<QVideoSink> sink_;
  bool rerunModels_ = false;
  bool completed_ = false;

  OverlayReadout readout_;
  QString errorText_;
  QString recordingText_;
  RecordedOverlay recorded_;
  QVariantList events_;
  QString overlayText_;
  qint64 frameIndex_ = -1;
  QSize frameSize_;
  bool playing_ = false;
  double rate_ = 1.0;

  FrameDisplayQueue display_{this, [this](FrameDisplayQueue::Shown frame) { showFrame(std::move(frame)); }};
  FrameFanOut frames_{[this](const Frame& frame) { display_.push(frame); }};
  ModelRerun models_{this, frames_,
                     [this](InferenceResult result, OverlayReadout::Images images) {
                       if (usesModels()) readout_.show(std::move(result), std::move(images));
                     },
                     [this](const QString& text) { setError(QStringLiteral("AI stopped: %1").arg(text)); }};
  std::unique_ptr<ReplaySource> replay_;
};

}  // namespace endoverlay
