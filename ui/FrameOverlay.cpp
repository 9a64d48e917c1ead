#include "ui/FrameOverlay.h"

namespace endoverlay {

FrameOverlay::FrameOverlay(QQuickItem* parent) : QQuickPaintedItem(parent) {}

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

}  // namespace endoverlay
