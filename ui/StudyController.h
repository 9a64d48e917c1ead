#pragma once

#include <QImage>
#include <QObject>
#include <QQmlParserStatus>
#include <QRectF>
#include <QSize>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>
#include <vector>

#include "core/analysis/AnalysisSetup.h"
#include "core/analysis/Frame.h"
#include "core/analysis/InferenceResult.h"
#include "core/analysis/StudyPanes.h"
#include "core/analysis/WindowLevel.h"
#include "core/dicom/StudyReport.h"
#include "ui/OverlayReadout.h"
#include "ui/ReviewController.h"

namespace endoverlay {

class DicomStudy;
class InferenceStage;
class StudyFrames;

// The study window's view model (StudyWindow.qml). Input: a DICOM study's folder (--study), the mode (a
// study protocol; empty: the first study protocol that can read the study), the models and device. Output:
// one pane per series the protocol reads (the four CT phases side by side; the one MR series): its slice at
// the current position through the viewer's window, and the readout of the heads reading that series, so
// each phase shows its own badge and a region dragged on any pane is read at the same place on all of them.
// The models run once per slice position, region and Grad-CAM switch, never when only the window changes:
// their cards say how values become their grey. Nothing of the study's patient tags or file names reaches
// the window or the logs.
//
// The study's review (verdict, notes on slices, the region) and its exports (a PNG or DICOM picture of the
// slice position, the HTML report) go to outputFolder (the recordings folder), named by the study's opaque ID.
class StudyController : public QObject, public QQmlParserStatus {
  Q_OBJECT
  Q_INTERFACES(QQmlParserStatus)
  QML_ELEMENT

  Q_PROPERTY(QString study MEMBER study_ NOTIFY configurationChanged)
  Q_PROPERTY(QString mode MEMBER mode_ NOTIFY configurationChanged)
  Q_PROPERTY(QString protocolsDirectory MEMBER protocolsDirectory_ NOTIFY configurationChanged)
  Q_PROPERTY(QString modelsDirectory MEMBER modelsDirectory_ NOTIFY configurationChanged)
  Q_PROPERTY(QStringList chosenModels MEMBER chosenModels_ NOTIFY configurationChanged)
  Q_PROPERTY(QString device MEMBER device_ NOTIFY configurationChanged)
  Q_PROPERTY(int cpuThreads MEMBER cpuThreads_ NOTIFY configurationChanged)
  Q_PROPERTY(QString outputFolder MEMBER outputFolder_ NOTIFY configurationChanged)
  Q_PROPERTY(bool explanations READ explanations WRITE setExplanations NOTIFY explanationsChanged)

  Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)
  Q_PROPERTY(QString modeName READ modeName NOTIFY studyChanged)
  Q_PROPERTY(QStringList paneNames READ paneNames NOTIFY studyChanged)
  Q_PROPERTY(QString noticeText READ noticeText NOTIFY studyChanged)
  Q_PROPERTY(QString studyId READ studyId NOTIFY studyChanged)
  Q_PROPERTY(ReviewController* review READ review CONSTANT)
  Q_PROPERTY(bool presetsApply READ presetsApply NOTIFY studyChanged)
  Q_PROPERTY(int sliceIndex READ sliceIndex NOTIFY sliceChanged)
  Q_PROPERTY(int sliceCount READ sliceCount NOTIFY studyChanged)
  Q_PROPERTY(QString positionText READ positionText NOTIFY sliceChanged)
  Q_PROPERTY(QString windowText READ windowText NOTIFY picturesChanged)
  Q_PROPERTY(QVariantList paneImages READ paneImages NOTIFY picturesChanged)
  Q_PROPERTY(QString invalidText READ invalidText NOTIFY resultChanged)
  // What RegionSelector asks of its controller.
  Q_PROPERTY(QSize videoSize READ videoSize NOTIFY studyChanged)
  Q_PROPERTY(bool takesRegion READ takesRegion NOTIFY studyChanged)
  Q_PROPERTY(QRectF cystRegion READ cystRegion NOTIFY cystRegionChanged)
  Q_PROPERTY(QRectF referenceRegion READ referenceRegion CONSTANT)
  Q_PROPERTY(bool contrastClock READ contrastClock CONSTANT)
  Q_PROPERTY(OverlayReadout* readout READ readout NOTIFY studyChanged)

 public:
  enum class Preset { Abdomen, Kidney };
  Q_ENUM(Preset)

  explicit StudyController(QObject* parent = nullptr);
  ~StudyController() override;

  void classBegin() override {}
  void componentComplete() override;

  QString errorText() const { return errorText_; }
  QString modeName() const { return modeName_; }
  QStringList paneNames() const { return paneNames_; }
  QString noticeText() const { return notices_.join(QLatin1Char('\n')); }
  // Empty when the output folder cannot hold the study's key, and so no review or export can be kept.
  QString studyId() const { return studyId_; }
  ReviewController* review() { return review_; }
  bool presetsApply() const { return presetsApply_; }
  int sliceIndex() const { return sliceIndex_; }
  int sliceCount() const;
  QString positionText() const;
  QString windowText() const;
  QVariantList paneImages() const { return paneImages_; }
  QString invalidText() const;
  QSize videoSize() const;
  bool takesRegion() const;
  QRectF cystRegion() const;
  QRectF referenceRegion() const { return {}; }
  bool contrastClock() const { return false; }
  // The first pane's readout: the colours RegionSelector draws with.
  OverlayReadout* readout() { return paneReadouts_.empty() ? &none_ : paneReadouts_.front().get(); }
  bool explanations() const { return explanations_; }
  void setExplanations(bool on);

  // The readout of the heads reading pane `pane`'s series.
  Q_INVOKABLE OverlayReadout* paneReadout(int pane);
  // Moves by `slices` along the first series, within the study.
  Q_INVOKABLE void step(int slices);
  Q_INVOKABLE void showSlice(int index) { step(index - sliceIndex_); }
  Q_INVOKABLE void setPreset(Preset preset);
  // A drag of `dx`, `dy` item pixels across a pane `side` pixels wide: right widens, up brightens.
  Q_INVOKABLE void dragWindow(double dx, double dy, double side);
  // The region the heads read, in slice pixels; an empty one clears it. Kept with the review.
  Q_INVOKABLE void setCystRegion(const QRectF& region);
  // The panes at this slice position as shown, overlays burned in: STUDY_ID.slice-NNNN.png, or .dcm.
  Q_INVOKABLE void exportSlice(bool dicom);
  // STUDY_ID.report.html: every slice read again, the review and the pictures of the noted slices.
  Q_INVOKABLE void writeReport();

 Q_SIGNALS:
  void configurationChanged();
  void explanationsChanged();
  void studyChanged();
  void errorChanged();
  void sliceChanged();
  void picturesChanged();
  void resultChanged();
  void cystRegionChanged();

 private:
  void open();
  // The panes' pictures of the current slices through the current window.
  void paintPanes();
  void analyse();
  std::optional<Box> regionBox() const;
  StudyOutputs outputs() const;

  QString study_;
  QString mode_;
  QString protocolsDirectory_;
  QString modelsDirectory_;
  QStringList chosenModels_;
  QString device_;
  int cpuThreads_ = 0;
  QString outputFolder_;
  bool explanations_ = false;

  QString errorText_;
  QString modeName_;
  QStringList paneNames_;
  QStringList notices_;
  QString studyId_;
  bool presetsApply_ = false;
  AnalysisSetup setup_;
  std::unique_ptr<DicomStudy> dicom_;
  std::unique_ptr<StudyFrames> frames_;
  std::unique_ptr<InferenceStage> stage_;
  std::optional<StudyPanes> studyPanes_;
  std::vector<std::unique_ptr<OverlayReadout>> paneReadouts_;
  OverlayReadout none_;
  ReviewController* review_;
  int sliceIndex_ = 0;
  Frame frame_;
  std::optional<InferenceResult> result_;  // the heads' reading of frame_, for the exports
  QVariantList paneImages_;
  WindowLevel window_;
  std::optional<QString> windowName_;  // the preset shown, until a drag changes the window
  std::optional<QRectF> region_;
};

}  // namespace endoverlay
