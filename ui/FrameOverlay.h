#pragma once

#include <QPointer>
#include <QQuickPaintedItem>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

#include "ui/VideoController.h"

namespace endoverlay {

// Base of the items that draw a result over the video. Inputs: the
// controller (repaint on every result and shown frame) and the rectangle the
// video occupies in this item (VideoOutput.contentRect), so drawings follow
// the picture's aspect ratio; toItem() maps frame pixels into it.
class FrameOverlay : public QQuickPaintedItem {
  Q_OBJECT
  QML_ANONYMOUS
  Q_PROPERTY(VideoController* controller READ controller WRITE setController NOTIFY controllerChanged)
  Q_PROPERTY(QRectF contentRect READ contentRect WRITE setContentRect NOTIFY contentRectChanged)

 public:
  explicit FrameOverlay(QQuickItem* parent = nullptr);

  VideoController* controller() const { return controller_; }
  void setController(VideoController* controller);
  QRectF contentRect() const { return contentRect_; }
  void setContentRect(const QRectF& rect);

 Q_SIGNALS:
  void controllerChanged();
  void contentRectChanged();

 protected:
  // Whether there is a controller, a picture and a result frame size to draw against.
  bool canDraw() const;
  QRectF toItem(const QRectF& frameRect) const;
  QPointF toItem(const QPointF& framePoint) const;

 private:
  QPointer<VideoController> controller_;
  QRectF contentRect_;
};

}  // namespace endoverlay
