#pragma once

#include <QPolygonF>

#include <vector>

#include "ui/FrameOverlay.h"

namespace endoverlay {

// Draws every segmentation readout that is shown: each region's outline
// over a light fill, in ReadoutStyle's segmentation colour, as the exports
// burn it in. A stale result fades with the readout's fade.
class SegmentationOverlay : public FrameOverlay {
  Q_OBJECT
  QML_ELEMENT

 public:
  explicit SegmentationOverlay(QQuickItem* parent = nullptr) : FrameOverlay(parent) {}

  QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData*) override;

 private:
  void paint(QPainter& painter, const std::vector<QPolygonF>& outlines);
};

}  // namespace endoverlay
