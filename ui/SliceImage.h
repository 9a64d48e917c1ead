#pragma once

#include <QImage>
#include <QQuickPaintedItem>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

namespace endoverlay {

// A still picture (a CT or MR slice through the viewer's window) fitted into the item with its aspect ratio,
// centred; contentRect says where, as VideoOutput's does, so the overlay items line up with it.
class SliceImage : public QQuickPaintedItem {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(QImage image READ image WRITE setImage NOTIFY imageChanged)
  Q_PROPERTY(QRectF contentRect READ contentRect NOTIFY contentRectChanged)

 public:
  explicit SliceImage(QQuickItem* parent = nullptr);

  QImage image() const { return image_; }
  void setImage(const QImage& image);
  QRectF contentRect() const { return contentRect_; }
  void paint(QPainter* painter) override;

 Q_SIGNALS:
  void imageChanged();
  void contentRectChanged();

 protected:
  void geometryChange(const QRectF& newGeometry, const QRectF& oldGeometry) override;

 private:
  void fit();

  QImage image_;
  QRectF contentRect_;
};

}  // namespace endoverlay
