#include "ui/ExplanationOverlay.h"

#include <QPainter>

namespace endoverlay {

namespace {
constexpr double kOpacity = 0.8;
}

ExplanationOverlay::ExplanationOverlay(QQuickItem* parent) : QQuickPaintedItem(parent) {}

void ExplanationOverlay::setController(VideoController* controller) {
  if (controller_ == controller) return;
  if (controller_) disconnect(controller_, nullptr, this, nullptr);
  controller_ = controller;
  if (controller_) {
    connect(controller_, &VideoController::resultChanged, this, [this] { update(); });
    connect(controller_, &VideoController::explanationsChanged, this, [this] { update(); });
  }
  Q_EMIT controllerChanged();
  update();
}

void ExplanationOverlay::setContentRect(const QRectF& rect) {
  if (contentRect_ == rect) return;
  contentRect_ = rect;
  Q_EMIT contentRectChanged();
  update();
}

void ExplanationOverlay::paint(QPainter* painter) {
  if (!controller_ || contentRect_.isEmpty()) return;
  const QRectF region = controller_->explanationRegion();
  const QSize frame = controller_->frameSize();
  if (region.isEmpty() || frame.isEmpty()) return;
  const double sx = contentRect_.width() / frame.width();
  const double sy = contentRect_.height() / frame.height();
  const QRectF target(contentRect_.x() + region.x() * sx, contentRect_.y() + region.y() * sy, region.width() * sx,
                      region.height() * sy);
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  painter->setClipRect(contentRect_);
  painter->setOpacity(kOpacity * controller_->overlayFade());
  painter->drawImage(target, controller_->explanationImage());
  painter->setOpacity(1.0);
  painter->setPen(Qt::white);
  QFont font = painter->font();
  font.setPixelSize(14);
  font.setBold(true);
  painter->setFont(font);
  const QRectF caption = target.intersected(contentRect_).adjusted(6, 4, -6, -4);
  painter->drawText(caption, Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("Grad-CAM: %1").arg(controller_->explanationLabel()));
}

}  // namespace endoverlay
