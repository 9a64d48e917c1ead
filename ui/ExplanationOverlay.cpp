#include "ui/ExplanationOverlay.h"

#include <QPainter>

namespace endoverlay {

namespace {
constexpr double kOpacity = 0.8;
}

void ExplanationOverlay::paint(QPainter* painter) {
  if (!canDraw() || readout()->explanationRegion().isEmpty()) return;
  const QRectF target = toItem(readout()->explanationRegion());
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  painter->setClipRect(contentRect());
  painter->setOpacity(kOpacity * readout()->fade());
  painter->drawImage(target, readout()->explanationImage());
  painter->setOpacity(1.0);
  painter->setPen(Qt::white);
  QFont font = painter->font();
  font.setPixelSize(14);
  font.setBold(true);
  painter->setFont(font);
  const QRectF caption = target.intersected(contentRect()).adjusted(6, 4, -6, -4);
  painter->drawText(caption, Qt::AlignLeft | Qt::AlignBottom,
                    QStringLiteral("Grad-CAM: %1").arg(readout()->explanationLabel()));
}

}  // namespace endoverlay
