#pragma once

#include <QPointer>
#include <QQuickPaintedItem>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

#include "ui/OverlayReadout.h"

namespace endoverlay {

// Base of the items that draw a result over the video. Inputs: the
// readout (repaint whenever it changes) and the rectangle the
// video occupies in this item (VideoOutput.contentRect), so drawings follow
// the picture's aspect ratio; toItem() maps frame pixels into it.
class FrameOverlay : public QQuickPaintedItem {
  Q_OBJECT
  QML_ANONYMOUS
  Q_PROPERTY(OverlayReadout* readout READ readout WRITE setReadout NOTIFY readoutChanged)
  Q_PROPERTY(QRectF contentRect READ contentRect WRITE setContentRect NOTIFY contentRectChanged)

 public:
  explicit FrameOverlay(QQuickItem* parent = nullptr);

  OverlayReadout* readout() const { return readout_; }
  void setReadout(OverlayReadout* readout);
  QRectF contentRect() const { return contentRect_; }
  void setContentRect(const QRectF& rect);

 Q_SIGNALS:
  void readoutChanged();
  void contentRectChanged();

 protected:
  // Whether there is a readout, a picture and a result frame size to draw against.
  bool canDraw() const;
  QRectF toItem(const QRectF& frameRect) const;
  QPointF toItem(const QPointF& framePoint) const;

 private:
  QPointer<OverlayReadout> readout_;
  QRectF contentRect_;
};

}  // namespace endoverlay
