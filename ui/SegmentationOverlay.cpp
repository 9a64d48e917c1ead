#include "ui/SegmentationOverlay.h"

#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include "core/readout/ReadoutStyle.h"

namespace endoverlay {
namespace {
constexpr double kPenWidth = 2.5;
}

QSGNode* SegmentationOverlay::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
  std::vector<QPolygonF> outlines;
  QRectF area;
  if (canDraw()) {
    for (const QPolygonF& outline : readout()->segmentationOutlines()) {
      QPolygonF onScreen;
      for (const QPointF& p : outline) onScreen << toItem(p);
      area |= onScreen.boundingRect();
      outlines.push_back(std::move(onScreen));
    }
  }
  area.adjust(-kPenWidth, -kPenWidth, kPenWidth, kPenWidth);
  return paintedNode(old, outlines.empty() ? QRectF() : area,
                     [&](QPainter& painter) { paint(painter, outlines); });
}

void SegmentationOverlay::paint(QPainter& painter, const std::vector<QPolygonF>& outlines) {
  QPainterPath path;
  for (const QPolygonF& outline : outlines) {
    path.addPolygon(outline);
    path.closeSubpath();
  }
  const Rgb rgb = segmentationColour();
  const QColor colour(rgb.r, rgb.g, rgb.b);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setOpacity(kSegmentationFillOpacity * readout()->fade());
  painter.fillPath(path, colour);
  painter.setOpacity(readout()->fade());
  painter.setPen(QPen(colour, kPenWidth));
  painter.setBrush(Qt::NoBrush);
  painter.drawPath(path);
}

}  // namespace endoverlay
