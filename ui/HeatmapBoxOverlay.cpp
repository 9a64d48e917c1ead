#include "ui/HeatmapBoxOverlay.h"

#include <QPainter>
#include <QPen>

#include "core/readout/ReadoutStyle.h"

namespace endoverlay {

void HeatmapBoxOverlay::setHeatmapOpacity(double opacity) {
  if (qFuzzyCompare(heatmapOpacity_, opacity)) return;
  heatmapOpacity_ = opacity;
  Q_EMIT heatmapOpacityChanged();
  update();
}

void HeatmapBoxOverlay::paint(QPainter* painter) {
  if (!canDraw()) return;
  const double fade = readout()->fade();
  const bool showHeatmaps = readout()->explanationRegion().isEmpty();
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  painter->setRenderHint(QPainter::Antialiasing);
  const Rgb colour = boxColour();
  for (const OverlayReadout::DrawnDetection& d : readout()->detections()) {
    if (showHeatmaps && !d.heatmap.isNull()) {
      painter->setOpacity(heatmapOpacity_ * fade);
      painter->drawImage(contentRect(), d.heatmap);
    }
    painter->setOpacity(fade);
    painter->setPen(QPen(QColor(colour.r, colour.g, colour.b), 2.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(toItem(d.box));
    const QPointF centre = toItem(d.centroid);
    constexpr double kArm = 9.0;
    painter->drawLine(centre - QPointF(kArm, 0), centre + QPointF(kArm, 0));
    painter->drawLine(centre - QPointF(0, kArm), centre + QPointF(0, kArm));
  }
}

}  // namespace endoverlay
