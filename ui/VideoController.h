#pragma once

#include <QImage>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QQmlParserStatus>
#include <QRectF>
#include <QSize>
#include <QVideoFrame>
#include <QVideoSink>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "core/InferenceResult.h"
#include "ui/FrameRateCounter.h"

namespace endoverlay {

class FrameAnalyzer;
class LiveSession;

// The window's view model. Input: the --source text, the models directory,
// the device and thread budget, and the QVideoSink of the window's
// VideoOutput. Output: every source frame pushed to that sink at the source's
// rate, the newest ampulla result (heatmap, box, centroid) with its age, HUD
// numbers, and errors as text for the window. Starts when QML has set all
// properties; the source and models are parsed here, once.
class VideoController : public QObject, public QQmlParserStatus {
  Q_OBJECT
  Q_INTERFACES(QQmlParserStatus)
  QML_ELEMENT

  Q_PROPERTY(QString source MEMBER source_ NOTIFY configurationChanged)
  Q_PROPERTY(QString modelsDirectory MEMBER modelsDirectory_ NOTIFY configurationChanged)
  Q_PROPERTY(QString device MEMBER device_ NOTIFY configurationChanged)
  Q_PROPERTY(int cpuThreads MEMBER cpuThreads_ NOTIFY configurationChanged)
  Q_PROPERTY(QVideoSink* videoSink READ videoSink WRITE setVideoSink NOTIFY videoSinkChanged)

  Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
  Q_PROPERTY(SourceState sourceState READ sourceState NOTIFY sourceStateChanged)
  Q_PROPERTY(QString modelName READ modelName NOTIFY modelChanged)
  Q_PROPERTY(QString modelVersion READ modelVersion NOTIFY modelChanged)
  Q_PROPERTY(QString deviceName READ deviceName NOTIFY modelChanged)

  Q_PROPERTY(qint64 frameIndex READ frameIndex NOTIFY frameShown)
  Q_PROPERTY(double displayFps READ displayFps NOTIFY frameShown)
  Q_PROPERTY(double sourceFps READ sourceFps NOTIFY frameShown)
  Q_PROPERTY(double resultAgeMs READ resultAgeMs NOTIFY frameShown)
  Q_PROPERTY(double overlayFade READ overlayFade NOTIFY frameShown)
  Q_PROPERTY(bool aiPaused READ aiPaused NOTIFY frameShown)

  Q_PROPERTY(qint64 resultFrameIndex READ resultFrameIndex NOTIFY resultChanged)
  Q_PROPERTY(double inferenceMs READ inferenceMs NOTIFY resultChanged)
  Q_PROPERTY(double resultsPerSecond READ resultsPerSecond NOTIFY resultChanged)
  Q_PROPERTY(bool detectionShown READ detectionShown NOTIFY resultChanged)
  Q_PROPERTY(double score READ score NOTIFY resultChanged)
  Q_PROPERTY(QRectF box READ box NOTIFY resultChanged)
  Q_PROPERTY(QPointF centroid READ centroid NOTIFY resultChanged)
  Q_PROPERTY(QSize frameSize READ frameSize NOTIFY resultChanged)

 public:
  enum class SourceState { Starting, Playing, Ended, Failed };
  Q_ENUM(SourceState)

  explicit VideoController(QObject* parent = nullptr);
  ~VideoController() override;

  void classBegin() override {}
  void componentComplete() override;

  QVideoSink* videoSink() const { return sink_; }
  void setVideoSink(QVideoSink* sink);

  QString errorText() const { return errorText_; }
  SourceState sourceState() const { return sourceState_; }
  QString modelName() const { return modelName_; }
  QString modelVersion() const { return modelVersion_; }
  QString deviceName() const { return deviceName_; }
  qint64 frameIndex() const { return frameIndex_; }
  double displayFps() const;
  double sourceFps() const;
  double resultAgeMs() const { return resultAgeMs_; }
  double overlayFade() const;
  bool aiPaused() const;
  qint64 resultFrameIndex() const { return result_ ? result_->frameIndex : -1; }
  double inferenceMs() const { return result_ ? result_->timings.inferenceMs : 0.0; }
  double resultsPerSecond() const;
  bool detectionShown() const;
  double score() const { return result_ && result_->ampulla ? result_->ampulla->score : 0.0; }
  QRectF box() const;
  QPointF centroid() const;
  QSize frameSize() const;
  QImage heatmap() const { return heatmap_; }

 Q_SIGNALS:
  void configurationChanged();
  void videoSinkChanged();
  void errorTextChanged();
  void sourceStateChanged();
  void modelChanged();
  void frameShown();
  void resultChanged();

 private:
  struct PendingFrame {
    QVideoFrame video;
    qint64 index = -1;
    std::chrono::steady_clock::time_point arrival;
  };

  void start();
  void loadModel();
  void queueForDisplay(const Frame& frame);  // streaming thread
  void showPendingFrame();                    // GUI thread
  void acceptResult(InferenceResult result, QImage heatmap);
  void setError(const QString& text);
  void setSourceState(SourceState state);

  QString source_;
  QString modelsDirectory_;
  QString device_ = QStringLiteral("auto");
  int cpuThreads_ = 0;
  QPointer<QVideoSink> sink_;

  QString errorText_;
  SourceState sourceState_ = SourceState::Starting;
  QString modelName_;
  QString modelVersion_;
  QString deviceName_;
  qint64 frameIndex_ = -1;
  std::chrono::steady_clock::time_point firstArrival_{};
  std::chrono::steady_clock::time_point shownArrival_{};
  double resultAgeMs_ = 0;
  bool inferenceFailed_ = false;
  std::optional<InferenceResult> result_;
  QImage heatmap_;
  FrameRateCounter displayRate_;
  FrameRateCounter resultRate_;

  std::mutex pendingMutex_;
  std::optional<PendingFrame> pending_;  // newest frame not yet on screen

  std::unique_ptr<FrameAnalyzer> analyzer_;
  std::unique_ptr<LiveSession> session_;
};

}  // namespace endoverlay
