#include "ui/AmpullaOverlay.h"

#include <QPainter>
#include <QPen>

#include "core/ReadoutStyle.h"

namespace endoverlay {

void AmpullaOverlay::setHeatmapOpacity(double opacity) {
  if (qFuzzyCompare(heatmapOpacity_, opacity)) return;
  heatmapOpacity_ = opacity;
  Q_EMIT heatmapOpacityChanged();
  update();
}

void AmpullaOverlay::paint(QPainter* painter) {
  if (!canDraw() || !readout()->detectionShown()) return;
  const double fade = readout()->fade();
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  painter->setRenderHint(QPainter::Antialiasing);
  if (readout()->explanationRegion().isEmpty()) {
    painter->setOpacity(heatmapOpacity_ * fade);
    painter->drawImage(contentRect(), readout()->heatmap());
  }
  painter->setOpacity(fade);
  const Rgb box = boxColour();
  painter->setPen(QPen(QColor(box.r, box.g, box.b), 2.5));
  painter->setBrush(Qt::NoBrush);
  painter->drawRect(toItem(readout()->box()));
  const QPointF centre = toItem(readout()->centroid());
  constexpr double kArm = 9.0;
  painter->drawLine(centre - QPointF(kArm, 0), centre + QPointF(kArm, 0));
  painter->drawLine(centre - QPointF(0, kArm), centre + QPointF(0, kArm));
}

}  // namespace endoverlay
