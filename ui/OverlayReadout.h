#pragma once

#include <QColor>
#include <QImage>
#include <QObject>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QSize>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>
#include <vector>

#include "core/analysis/InferenceResult.h"
#include "core/analysis/TimeIntensityCurve.h"

namespace endoverlay {

// What the overlay items draw: one result's heads' stable readouts, each
// kind to its item — every heatmap box (heatmap, box, centroid), every
// segmentation (outline over a light fill), the first traffic light (lamp, grouped probability, breakdown), the first class
// badge, Grad-CAM when asked for, a contrast study's phase and
// time-intensity curve — and how faded they are. The live view
// fills it from the models as results arrive, replay from a recording's
// sidecar or from re-running the models, so both windows draw with the same
// items.
class OverlayReadout : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("a controller's readout")

  Q_PROPERTY(double fade READ fade NOTIFY changed)
  Q_PROPERTY(bool detectionShown READ detectionShown NOTIFY changed)
  Q_PROPERTY(QRectF box READ box NOTIFY changed)
  Q_PROPERTY(QPointF centroid READ centroid NOTIFY changed)
  Q_PROPERTY(QSize frameSize READ frameSize NOTIFY changed)
  Q_PROPERTY(Light trafficLight READ trafficLight NOTIFY changed)
  Q_PROPERTY(double warningProbability READ warningProbability NOTIFY changed)
  Q_PROPERTY(QVariantList warningBreakdown READ warningBreakdown NOTIFY changed)
  Q_PROPERTY(QString badgeName READ badgeName NOTIFY changed)
  Q_PROPERTY(QString badgeLabel READ badgeLabel NOTIFY changed)
  Q_PROPERTY(double badgeProbability READ badgeProbability NOTIFY changed)
  Q_PROPERTY(bool badgeReading READ badgeReading NOTIFY changed)
  Q_PROPERTY(QRectF explanationRegion READ explanationRegion NOTIFY changed)
  Q_PROPERTY(QString explanationLabel READ explanationLabel NOTIFY changed)
  Q_PROPERTY(QString invalidText READ invalidText NOTIFY changed)
  // The words and colours of the readouts, from ReadoutStyle as the exports draw them.
  Q_PROPERTY(QString warningText READ warningText NOTIFY changed)
  Q_PROPERTY(QString badgeText READ badgeText NOTIFY changed)
  Q_PROPERTY(QColor badgeColour READ badgeColour NOTIFY changed)
  Q_PROPERTY(QString phaseText READ phaseText NOTIFY changed)
  Q_PROPERTY(bool curveShown READ curveShown NOTIFY changed)
  Q_PROPERTY(QRectF contrastRegion READ contrastRegion NOTIFY changed)
  Q_PROPERTY(QRectF contrastReference READ contrastReference NOTIFY changed)
  Q_PROPERTY(QColor regionColour READ regionColour CONSTANT)
  Q_PROPERTY(QColor referenceColour READ referenceColour CONSTANT)
  Q_PROPERTY(QString notice READ notice CONSTANT)
  Q_PROPERTY(QColor noticeColour READ noticeColour CONSTANT)

 public:
  enum class Light { Off, Green, Amber, Red };
  Q_ENUM(Light)

  // Made off the GUI thread (HeatmapImage), so the GUI thread only draws them.
  struct Images {
    std::vector<QImage> heatmaps;  // by head, as in the result; null for heads without a mask
    QImage explanation;            // of explainedHead()
  };
  // A shown heatmap box, in frame pixels.
  struct DrawnDetection {
    QRectF box;
    QPointF centroid;
    QImage heatmap;  // null when the result keeps no mask (a recording's)
  };

  // The images of `result`'s smoothed masks and Grad-CAM; call it off the GUI thread.
  static Images imagesOf(const InferenceResult& result);

  explicit OverlayReadout(QObject* parent = nullptr) : QObject(parent) {}

  // Shows `result`, and adds its contrast reading to the curve.
  void show(InferenceResult result, Images images);
  // The curve as of the result shown next, when that is not the one after the last (a jump in a replay).
  void setCurve(TimeIntensityCurve curve);
  // Adds a result the readout does not show (one skipped in a replay) to the curve.
  void extendCurve(const InferenceResult& result);
  // Changes whenever the curve does, so its plot is drawn again only then.
  std::uint64_t curveRevision() const { return curveRevision_; }
  void clear();
  // 1 draws the readout as it is, 0 hides it; in between a stale result fades.
  void setFade(double fade);
  void setExplanations(bool on);

  const std::optional<InferenceResult>& result() const { return result_; }
  QImage explanationImage() const { return images_.explanation; }
  const TimeIntensityCurve& curve() const { return curve_; }

  double fade() const { return result_ ? fade_ : 0.0; }
  // Every heatmap-box head whose detection is shown, in the protocol's order.
  std::vector<DrawnDetection> detections() const;
  // Every outline of every segmentation head's shown region, in frame pixels.
  std::vector<QPolygonF> segmentationOutlines() const;
  // The first shown detection's, for the one-localiser protocols.
  bool detectionShown() const;
  QRectF box() const;
  QPointF centroid() const;
  QImage heatmap() const;
  QSize frameSize() const;
  Light trafficLight() const;
  double warningProbability() const;
  QVariantList warningBreakdown() const;
  // The badge's head id in words ("cyst type").
  QString badgeName() const;
  QString badgeLabel() const;
  double badgeProbability() const;
  bool badgeReading() const;
  QRectF explanationRegion() const;
  QString explanationLabel() const;
  // "model output invalid: ampulla" when a head's output on the result's
  // frame held a NaN or an infinity (nothing of it is drawn); empty otherwise.
  QString invalidText() const;
  QString warningText() const;
  QString badgeText() const;
  QColor badgeColour() const;
  // A contrast study's phase (ReadoutStyle::phaseText); empty for other modes.
  QString phaseText() const;
  bool curveShown() const { return !curve_.empty(); }
  // A contrast study's region and reference region as read, in frame pixels; empty when not set.
  QRectF contrastRegion() const;
  QRectF contrastReference() const;
  QColor regionColour() const;
  QColor referenceColour() const;
  QString notice() const;
  QColor noticeColour() const;
  // The colour of `light`'s lamp when it is lit.
  Q_INVOKABLE QColor lampColour(Light light) const;

 Q_SIGNALS:
  void changed();

 private:
  // The first head with `readout`; null when there is none.
  const HeadOutput* firstWith(ReadoutKind readout) const;
  const HeadOutput* explainedHead() const;

  std::optional<InferenceResult> result_;
  Images images_;
  TimeIntensityCurve curve_;
  std::uint64_t curveRevision_ = 0;
  double fade_ = 1.0;
  bool explanations_ = false;
};

}  // namespace endoverlay
