#include "ui/FrameOverlay.h"

#include <QPainter>
#include <QQuickWindow>
#include <QSGImageNode>

namespace endoverlay {

FrameOverlay::FrameOverlay(QQuickItem* parent) : QQuickItem(parent) { setFlag(ItemHasContents); }

void FrameOverlay::setReadout(OverlayReadout* readout) {
  if (readout_ == readout) return;
  if (readout_) disconnect(readout_, nullptr, this, nullptr);
  readout_ = readout;
  if (readout_) connect(readout_, &OverlayReadout::changed, this, [this] { update(); });
  Q_EMIT readoutChanged();
  update();
}

void FrameOverlay::setContentRect(const QRectF& rect) {
  if (contentRect_ == rect) return;
  contentRect_ = rect;
  Q_EMIT contentRectChanged();
  update();
}

bool FrameOverlay::canDraw() const {
  return readout_ && !contentRect_.isEmpty() && !readout_->frameSize().isEmpty() && readout_->fade() > 0;
}

QPointF FrameOverlay::toItem(const QPointF& p) const {
  const QSize frame = readout_->frameSize();
  return {contentRect_.x() + p.x() * contentRect_.width() / frame.width(),
          contentRect_.y() + p.y() * contentRect_.height() / frame.height()};
}

QRectF FrameOverlay::toItem(const QRectF& r) const { return {toItem(r.topLeft()), toItem(r.bottomRight())}; }

QSGNode* FrameOverlay::paintedNode(QSGNode* old, const QRectF& area, const std::function<void(QPainter&)>& paint) {
  const QRect pixels = area.intersected(contentRect_).toAlignedRect();
  if (pixels.isEmpty() || !window()) {
    delete old;
    return nullptr;
  }
  const qreal ratio = window()->effectiveDevicePixelRatio();
  QImage image(pixels.size() * ratio, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(ratio);
  image.fill(Qt::transparent);
  {
    QPainter painter(&image);
    painter.translate(-pixels.topLeft());
    painter.setClipRect(contentRect_);
    paint(painter);
  }
  // A new node for a new picture: the old one takes its texture with it.
  delete old;
  QSGImageNode* node = window()->createImageNode();
  node->setOwnsTexture(true);
  node->setTexture(window()->createTextureFromImage(image));
  node->setRect(pixels);
  return node;
}

}  // namespace endoverlay
