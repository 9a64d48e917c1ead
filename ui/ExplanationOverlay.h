#pragma once

#include <QPointer>
#include <QQuickPaintedItem>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

#include "ui/VideoController.h"

namespace endoverlay {

// Draws the classifier's Grad-CAM map over the region it looked at (the
// square around the ampulla in ERCP, the frame or the dragged region in EUS),
// with the class it explains. Inputs: the controller and the video's
// contentRect in this item. Nothing is drawn while explanations are off.
class ExplanationOverlay : public QQuickPaintedItem {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(VideoController* controller READ controller WRITE setController NOTIFY controllerChanged)
  Q_PROPERTY(QRectF contentRect READ contentRect WRITE setContentRect NOTIFY contentRectChanged)

 public:
  explicit ExplanationOverlay(QQuickItem* parent = nullptr);

  VideoController* controller() const { return controller_; }
  void setController(VideoController* controller);
  QRectF contentRect() const { return contentRect_; }
  void setContentRect(const QRectF& rect);

  void paint(QPainter* painter) override;

 Q_SIGNALS:
  void controllerChanged();
  void contentRectChanged();

 private:
  QPointer<VideoController> controller_;
  QRectF contentRect_;
};

}  // namespace endoverlay
