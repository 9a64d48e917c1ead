#pragma once

#include <QPointer>
#include <QQuickPaintedItem>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

#include "ui/VideoController.h"

namespace endoverlay {

// Draws the newest ampulla result over the video: the heatmap (hidden when
// the score is below the card's display threshold), the box and its
// centroid. Inputs: the controller, and the rectangle the video occupies in
// this item (VideoOutput.contentRect), so the overlay follows the picture's
// aspect ratio. A stale result fades with the controller's overlayFade.
class AmpullaOverlay : public QQuickPaintedItem {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(VideoController* controller READ controller WRITE setController NOTIFY controllerChanged)
  Q_PROPERTY(QRectF contentRect READ contentRect WRITE setContentRect NOTIFY contentRectChanged)
  Q_PROPERTY(double heatmapOpacity READ heatmapOpacity WRITE setHeatmapOpacity NOTIFY heatmapOpacityChanged)

 public:
  explicit AmpullaOverlay(QQuickItem* parent = nullptr);

  VideoController* controller() const { return controller_; }
  void setController(VideoController* controller);
  QRectF contentRect() const { return contentRect_; }
  void setContentRect(const QRectF& rect);
  double heatmapOpacity() const { return heatmapOpacity_; }
  void setHeatmapOpacity(double opacity);

  void paint(QPainter* painter) override;

 Q_SIGNALS:
  void controllerChanged();
  void contentRectChanged();
  void heatmapOpacityChanged();

 private:
  QPointer<VideoController> controller_;
  QRectF contentRect_;
  double heatmapOpacity_ = 1.0;
};

}  // namespace endoverlay
