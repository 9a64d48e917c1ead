#include "ui/FrameOverlay.h"

namespace endoverlay {

FrameOverlay::FrameOverlay(QQuickItem* parent) : QQuickPaintedItem(parent) {}

void FrameOverlay::setController(VideoController* controller) {
  if (controller_ == controller) return;
  if (controller_) disconnect(controller_, nullptr, this, nullptr);
  controller_ = controller;
  if (controller_) {
    connect(controller_, &VideoController::resultChanged, this, [this] { update(); });
    connect(controller_, &VideoController::frameShown, this, [this] { update(); });
    connect(controller_, &VideoController::explanationsChanged, this, [this] { update(); });
  }
  Q_EMIT controllerChanged();
  update();
}

void FrameOverlay::setContentRect(const QRectF& rect) {
  if (contentRect_ == rect) return;
  contentRect_ = rect;
  Q_EMIT contentRectChanged();
  update();
}

bool FrameOverlay::canDraw() const {
  return controller_ && !contentRect_.isEmpty() && !controller_->frameSize().isEmpty() && controller_->overlayFade() > 0;
}

QPointF FrameOverlay::toItem(const QPointF& p) const {
  const QSize frame = controller_->frameSize();
  return {contentRect_.x() + p.x() * contentRect_.width() / frame.width(),
          contentRect_.y() + p.y() * contentRect_.height() / frame.height()};
}

QRectF FrameOverlay::toItem(const QRectF& r) const { return {toItem(r.topLeft()), toItem(r.bottomRight())}; }

}  // namespace endoverlay
