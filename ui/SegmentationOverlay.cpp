#include "ui/SegmentationOverlay.h"

#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include "core/readout/ReadoutStyle.h"

namespace endoverlay {

void SegmentationOverlay::paint(QPainter* painter) {
  if (!canDraw()) return;
  const std::vector<QPolygonF> outlines = readout()->segmentationOutlines();
  if (outlines.empty()) return;
  QPainterPath path;
  for (const QPolygonF& outline : outlines) {
    QPolygonF onScreen;
    for (const QPointF& p : outline) onScreen << toItem(p);
    path.addPolygon(onScreen);
    path.closeSubpath();
  }
  const Rgb rgb = segmentationColour();
  const QColor colour(rgb.r, rgb.g, rgb.b);
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setClipRect(contentRect());
  painter->setOpacity(kSegmentationFillOpacity * readout()->fade());
  painter->fillPath(path, colour);
  painter->setOpacity(readout()->fade());
  painter->setPen(QPen(colour, 2.5));
  painter->setBrush(Qt::NoBrush);
  painter->drawPath(path);
}

}  // namespace endoverlay
