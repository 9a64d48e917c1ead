#pragma once

#include <QPointer>
#include <QQuickItem>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

#include <functional>

#include "ui/OverlayReadout.h"

class QPainter;
class QSGNode;

namespace endoverlay {

// Base of the items that draw a result over the video. Inputs: the
// readout (redraw whenever it changes) and the rectangle the video occupies
// in this item (VideoOutput.contentRect), so drawings follow the picture's
// aspect ratio; toItem() maps frame pixels into it. Items draw with
// scene-graph nodes, so the GPU scales and blends them and only the part of
// the window that holds a drawing costs anything to render.
class FrameOverlay : public QQuickItem {
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
  // A node showing what `paint` draws into `area` (item pixels, clipped to
  // the picture), painted on the CPU at the screen's resolution: for
  // drawings the scene graph has no node for (filled outlines, text). Null,
  // and `old` deleted, when the area is empty.
  QSGNode* paintedNode(QSGNode* old, const QRectF& area, const std::function<void(QPainter&)>& paint);

 private:
  QPointer<OverlayReadout> readout_;
  QRectF contentRect_;
};

}  // namespace endoverlay
