#pragma once

#include "ui/FrameOverlay.h"

namespace endoverlay {

// Draws the classifier's Grad-CAM map over the region it looked at (the
// square around the ampulla in ERCP, the frame or the dragged region in EUS),
// with the class it explains. Nothing is drawn while explanations are off.
class ExplanationOverlay : public FrameOverlay {
  Q_OBJECT
  QML_ELEMENT

 public:
  explicit ExplanationOverlay(QQuickItem* parent = nullptr) : FrameOverlay(parent) {}

  QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData*) override;

 private:
  void paint(QPainter& painter, const QRectF& target);
};

}  // namespace endoverlay
