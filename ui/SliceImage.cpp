#include "ui/SliceImage.h"

#include <QPainter>

namespace endoverlay {

SliceImage::SliceImage(QQuickItem* parent) : QQuickPaintedItem(parent) {}

void SliceImage::setImage(const QImage& image) {
  image_ = image;
  fit();
  Q_EMIT imageChanged();
  update();
}

void SliceImage::geometryChange(const QRectF& newGeometry, const QRectF& oldGeometry) {
  QQuickPaintedItem::geometryChange(newGeometry, oldGeometry);
  fit();
}

void SliceImage::fit() {
  QRectF fitted;
  if (!image_.isNull() && width() > 0 && height() > 0) {
    const QSizeF size = QSizeF(image_.size()).scaled(width(), height(), Qt::KeepAspectRatio);
    fitted = QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
  }
  if (fitted == contentRect_) return;
  contentRect_ = fitted;
  Q_EMIT contentRectChanged();
}

void SliceImage::paint(QPainter* painter) {
  if (image_.isNull()) return;
  painter->setRenderHint(QPainter::SmoothPixmapTransform);
  painter->drawImage(contentRect_, image_);
}

}  // namespace endoverlay
