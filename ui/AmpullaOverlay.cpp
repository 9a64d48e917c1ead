#include "ui/AmpullaOverlay.h"

#include <QPainter>
#include <QPen>

#include "ui/VideoController.h"

namespace endoverlay {

AmpullaOverlay::AmpullaOverlay(QQuickItem* parent) : QQuickPaintedItem(parent) {}

void AmpullaOverlay::setController(VideoController* controller) {
  if (controller_ == controller) return;
  if (controller_) disconnect(controller_, nullptr, this, nullptr);
  controller_ = controller;
  if (controller_) {
    connect(controller_, &VideoController::resultChanged, this, [this] { update(); });
    connect(controller_, &VideoController::frameShown, this, [this] { update(); });
  }
  Q_EMIT controllerChanged();
  update();
}

void AmpullaOverlay::setContentRect(const QRectF& rect) {
  if (contentRect_ == rect) return;
  contentRect_ = rect;
  Q_EMIT contentRectChanged();
  update();
}

void AmpullaOverlay::setHeatmapOpacity(double opacity) {
  if (qFuzzyCompare(heatmapOpacity_, opacity)) return;
  heatmapOpacity_ = opacity;
  Q_EMIT heatmapOpacityChanged();
  update();
}

void AmpullaOverlay::paint(QPainter* painter) {
  if (!controller_ || !controller_->detectionShown() || contentRect_.isEmpty()) return;
  const QSize frame = controller_->frameSize();
  const double fade = controller_->overlayFade();
  if (frame.isEmpty() || fade <= 0.0) return;
  const double sx = contentRect_.width() / frame.width();
  const double sy = contentRect_.height() / frame.height();
  const auto toItem = [&](const QRectF& r) {
    return QRectF(contentRect_.x() + r.x() * sx, contentRect_.y() + r.y() * sy, r.width() * sx, r.height() * sy);
  };

  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  painter->setRenderHint(QPainter::Antialiasing);
  // With Grad-CAM on, its map is the one heatmap on screen.
  if (controller_->explanationRegion().isEmpty()) {
    painter->setOpacity(heatmapOpacity_ * fade);
    painter->drawImage(contentRect_, controller_->heatmap());
  }

  painter->setOpacity(fade);
  painter->setPen(QPen(QColor(255, 214, 0), 2.5));
  painter->setBrush(Qt::NoBrush);
  painter->drawRect(toItem(controller_->box()));
  const QPointF c = controller_->centroid();
  const QPointF centre(contentRect_.x() + c.x() * sx, contentRect_.y() + c.y() * sy);
  constexpr double kArm = 9.0;
  painter->drawLine(centre - QPointF(kArm, 0), centre + QPointF(kArm, 0));
  painter->drawLine(centre - QPointF(0, kArm), centre + QPointF(0, kArm));
}

}  // namespace endoverlay
