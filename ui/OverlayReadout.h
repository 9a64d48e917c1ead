#pragma once

#include <QColor>
#include <QImage>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>

#include "core/InferenceResult.h"

namespace endoverlay {

// What the overlay items draw: one result's stable readout (ampulla box,
// centroid and heatmap; difficulty traffic light and breakdown; cyst badge;
// Grad-CAM when asked for) and how faded it is. The live view fills it from
// the models as results arrive, replay from a recording's sidecar or from
// re-running the models, so both windows draw with the same items.
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
  Q_PROPERTY(double difficultProbability READ difficultProbability NOTIFY changed)
  Q_PROPERTY(QVariantList difficultyBreakdown READ difficultyBreakdown NOTIFY changed)
  Q_PROPERTY(QString cystLabel READ cystLabel NOTIFY changed)
  Q_PROPERTY(double cystProbability READ cystProbability NOTIFY changed)
  Q_PROPERTY(bool cystReading READ cystReading NOTIFY changed)
  Q_PROPERTY(QRectF explanationRegion READ explanationRegion NOTIFY changed)
  Q_PROPERTY(QString explanationLabel READ explanationLabel NOTIFY changed)
  Q_PROPERTY(QString invalidText READ invalidText NOTIFY changed)
  // The words and colours of the readouts, from ReadoutStyle as the exports draw them.
  Q_PROPERTY(QString difficultyText READ difficultyText NOTIFY changed)
  Q_PROPERTY(QString cystText READ cystText NOTIFY changed)
  Q_PROPERTY(QColor cystColour READ cystColour NOTIFY changed)
  Q_PROPERTY(QString notice READ notice CONSTANT)
  Q_PROPERTY(QColor noticeColour READ noticeColour CONSTANT)

 public:
  enum class Light { Off, Green, Amber, Red };
  Q_ENUM(Light)

  // Made off the GUI thread (HeatmapImage), so the GUI thread only draws them.
  struct Images {
    QImage heatmap;
    QImage explanation;
  };

  explicit OverlayReadout(QObject* parent = nullptr) : QObject(parent) {}

  void show(InferenceResult result, Images images);
  void clear();
  // 1 draws the readout as it is, 0 hides it; in between a stale result fades.
  void setFade(double fade);
  void setExplanations(bool on);

  const std::optional<InferenceResult>& result() const { return result_; }
  QImage heatmap() const { return images_.heatmap; }
  QImage explanationImage() const { return images_.explanation; }

  double fade() const { return result_ ? fade_ : 0.0; }
  bool detectionShown() const;
  QRectF box() const;
  QPointF centroid() const;
  QSize frameSize() const;
  Light trafficLight() const;
  double difficultProbability() const;
  QVariantList difficultyBreakdown() const;
  QString cystLabel() const;
  double cystProbability() const;
  bool cystReading() const { return result_ && result_->stable.cystType.has_value(); }
  QRectF explanationRegion() const;
  QString explanationLabel() const;
  // "model output invalid: ampulla" when a head's output on the result's
  // frame held a NaN or an infinity (nothing of it is drawn); empty otherwise.
  QString invalidText() const;
  QString difficultyText() const;
  QString cystText() const;
  QColor cystColour() const;
  QString notice() const;
  QColor noticeColour() const;
  // The colour of `light`'s lamp when it is lit.
  Q_INVOKABLE QColor lampColour(Light light) const;

 Q_SIGNALS:
  void changed();

 private:
  std::optional<InferenceResult> result_;
  Images images_;
  double fade_ = 1.0;
  bool explanations_ = false;
};

}  // namespace endoverlay
