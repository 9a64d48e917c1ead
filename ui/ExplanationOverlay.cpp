#include "ui/ExplanationOverlay.h"

#include <QPainter>

namespace endoverlay {

namespace {
constexpr double kOpacity = 0.8;
}

QSGNode* ExplanationOverlay::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
  const bool shown = canDraw() && !readout()->explanationRegion().isEmpty();
  const QRectF target = shown ? toItem(readout()->explanationRegion()) : QRectF();
  return paintedNode(old, target, [&](QPainter& painter) { paint(painter, target); });
}

void ExplanationOverlay::paint(QPainter& painter, const QRectF& target) {
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.setOpacity(kOpacity * readout()->fade());
  painter.drawImage(target, readout()->explanationImage());
  painter.setOpacity(1.0);
  painter.setPen(Qt::white);
  QFont font = painter.font();
  font.setPixelSize(14);
  font.setBold(true);
  painter.setFont(font);
  const QRectF caption = target.intersected(contentRect()).adjusted(6, 4, -6, -4);
  painter.drawText(caption, Qt::AlignLeft | Qt::AlignBottom,
                   QStringLiteral("Grad-CAM: %1").arg(readout()->explanationLabel()));
}

}  // namespace endoverlay
