#include "ui/HeatmapBoxOverlay.h"

#include <QQuickWindow>
#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <QSGImageNode>
#include <QSGOpacityNode>

#include <array>

#include "core/readout/ReadoutStyle.h"

namespace endoverlay {
namespace {

constexpr double kPenWidth = 2.5;
constexpr double kArm = 9.0;  // half the centroid cross

// The box's outline and the centroid's cross as filled quads: the scene graph draws lines one pixel wide only.
QSGGeometryNode* boxNode(const QRectF& box, const QPointF& centre, const QColor& colour) {
  const double h = kPenWidth / 2;
  const std::array<QRectF, 6> quads{
      QRectF(QPointF(box.left() - h, box.top() - h), QPointF(box.right() + h, box.top() + h)),
      QRectF(QPointF(box.left() - h, box.bottom() - h), QPointF(box.right() + h, box.bottom() + h)),
      QRectF(QPointF(box.left() - h, box.top() + h), QPointF(box.left() + h, box.bottom() - h)),
      QRectF(QPointF(box.right() - h, box.top() + h), QPointF(box.right() + h, box.bottom() - h)),
      QRectF(QPointF(centre.x() - kArm, centre.y() - h), QPointF(centre.x() + kArm, centre.y() + h)),
      QRectF(QPointF(centre.x() - h, centre.y() - kArm), QPointF(centre.x() + h, centre.y() + kArm))};
  auto* geometry = new QSGGeometry(QSGGeometry::defaultAttributes_Point2D(), static_cast<int>(quads.size() * 6));
  geometry->setDrawingMode(QSGGeometry::DrawTriangles);
  QSGGeometry::Point2D* v = geometry->vertexDataAsPoint2D();
  for (const QRectF& q : quads)
    for (const QPointF& p : {q.topLeft(), q.topRight(), q.bottomLeft(), q.topRight(), q.bottomRight(), q.bottomLeft()})
      (v++)->set(static_cast<float>(p.x()), static_cast<float>(p.y()));
  auto* material = new QSGFlatColorMaterial;
  material->setColor(colour);
  auto* node = new QSGGeometryNode;
  node->setGeometry(geometry);
  node->setMaterial(material);
  node->setFlags(QSGNode::OwnsGeometry | QSGNode::OwnsMaterial);
  return node;
}

}  // namespace

void HeatmapBoxOverlay::setHeatmapOpacity(double opacity) {
  if (qFuzzyCompare(heatmapOpacity_, opacity)) return;
  heatmapOpacity_ = opacity;
  Q_EMIT heatmapOpacityChanged();
  update();
}

// Rebuilt on every new readout: a few nodes and a texture of the model's size, the GPU scales it to the picture.
QSGNode* HeatmapBoxOverlay::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
  delete old;
  if (!canDraw() || !window()) return nullptr;
  const std::vector<OverlayReadout::DrawnDetection> detections = readout()->detections();
  if (detections.empty()) return nullptr;
  auto* root = new QSGOpacityNode;
  root->setOpacity(readout()->fade());
  const bool showHeatmaps = readout()->explanationRegion().isEmpty();
  const Rgb rgb = boxColour();
  for (const OverlayReadout::DrawnDetection& d : detections) {
    if (showHeatmaps && !d.heatmap.isNull()) {
      auto* heatmapOpacity = new QSGOpacityNode;
      heatmapOpacity->setOpacity(heatmapOpacity_);
      QSGImageNode* heatmap = window()->createImageNode();
      heatmap->setOwnsTexture(true);
      heatmap->setTexture(window()->createTextureFromImage(d.heatmap));
      heatmap->setFiltering(QSGTexture::Linear);
      heatmap->setRect(contentRect());
      heatmapOpacity->appendChildNode(heatmap);
      root->appendChildNode(heatmapOpacity);
    }
    root->appendChildNode(boxNode(toItem(d.box), toItem(d.centroid), QColor(rgb.r, rgb.g, rgb.b)));
  }
  return root;
}

}  // namespace endoverlay
