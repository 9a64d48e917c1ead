#include "ui/AmpullaOverlay.h"

#include <QPainter>
#include <QPen>

namespace endoverlay {

void AmpullaOverlay::setHeatmapOpacity(double opacity) {
  if (qFuzzyCompare(heatmapOpacity_, opacity)) return;
  heatmapOpacity_ = opacity;
  Q_EMIT heatmapOpacityChanged();
  update();
}

void AmpullaOverlay::paint(QPainter* painter) {
  if (!canDraw() || !controller()->detectionShown()) return;
  const double fade = controller()->overlayFade();
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  painter->setRenderHint(QPainter::Antialiasing);
  if (controller()->explanationRegion().isEmpty()) {
    painter->setOpacity(heatmapOpacity_ * fade);
    painter->drawImage(contentRect(), controller()->heatmap());
  }
  painter->setOpacity(fade);
  painter->setPen(QPen(QColor(255, 214, 0), 2.5));
  painter->setBrush(Qt::NoBrush);
  painter->drawRect(toItem(controller()->box()));
  const QPointF centre = toItem(controller()->centroid());
  constexpr double kArm = 9.0;
  painter->drawLine(centre - QPointF(kArm, 0), centre + QPointF(kArm, 0));
  painter->drawLine(centre - QPointF(0, kArm), centre + QPointF(0, kArm));
}

}  // namespace endoverlay
