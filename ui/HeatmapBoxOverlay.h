#pragma once

#include "ui/FrameOverlay.h"

namespace endoverlay {

// Draws every heatmap-box readout that is shown (its smoothed score at or
// above its card's display threshold): the heatmap (hidden while Grad-CAM
// is the heatmap on screen), the box and its centroid. A stale result fades
// with the readout's fade. The heatmap is the model-sized mask as a texture,
// stretched over the picture by the GPU.
class HeatmapBoxOverlay : public FrameOverlay {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(double heatmapOpacity READ heatmapOpacity WRITE setHeatmapOpacity NOTIFY heatmapOpacityChanged)

 public:
  explicit HeatmapBoxOverlay(QQuickItem* parent = nullptr) : FrameOverlay(parent) {}

  double heatmapOpacity() const { return heatmapOpacity_; }
  void setHeatmapOpacity(double opacity);

  QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData*) override;

 Q_SIGNALS:
  void heatmapOpacityChanged();

 private:
  double heatmapOpacity_ = 1.0;
};

}  // namespace endoverlay
