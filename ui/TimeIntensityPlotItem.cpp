#include "ui/TimeIntensityPlotItem.h"

#include <QImage>
#include <QPainter>
#include <QQuickWindow>

#include <cmath>

#include "core/readout/TimeIntensityPlot.h"

namespace endoverlay {

TimeIntensityPlotItem::TimeIntensityPlotItem(QQuickItem* parent) : QQuickPaintedItem(parent) {}

void TimeIntensityPlotItem::setReadout(OverlayReadout* readout) {
  if (readout_ == readout) return;
  if (readout_) disconnect(readout_, nullptr, this, nullptr);
  readout_ = readout;
  // The readout changes with every frame's fade; the plot only when its curve does.
  if (readout_)
    connect(readout_, &OverlayReadout::changed, this, [this] {
      if (readout_->curveRevision() != paintedRevision_) update();
    });
  update();
  Q_EMIT readoutChanged();
}

void TimeIntensityPlotItem::paint(QPainter* painter) {
  if (!readout_) return;
  paintedRevision_ = readout_->curveRevision();
  if (readout_->curve().empty()) return;
  const qreal ratio = window() ? window()->effectiveDevicePixelRatio() : 1.0;
  const int width = static_cast<int>(std::lround(this->width() * ratio));
  const int height = static_cast<int>(std::lround(this->height() * ratio));
  if (width <= 0 || height <= 0) return;
  cv::Mat plot(height, width, CV_8UC4);
  paintTimeIntensityPlot(plot, readout_->curve());
  // OpenCV's B, G, R, A bytes are QImage's ARGB32 on a little-endian machine.
  const QImage image(plot.data, plot.cols, plot.rows, static_cast<int>(plot.step), QImage::Format_ARGB32);
  painter->drawImage(QRectF(0, 0, this->width(), this->height()), image);
}

}  // namespace endoverlay
