#pragma once

#include <QPointer>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

#include "ui/OverlayReadout.h"

namespace endoverlay {

// The readout's time-intensity curve as a panel in the window, drawn by
// the same painter as the exports (paintTimeIntensityPlot) at the item's
// size in device pixels, redrawn whenever the readout changes.
class TimeIntensityPlotItem : public QQuickPaintedItem {
  Q_OBJECT
  QML_NAMED_ELEMENT(TimeIntensityPlot)
  Q_PROPERTY(OverlayReadout* readout READ readout WRITE setReadout NOTIFY readoutChanged)

 public:
  explicit TimeIntensityPlotItem(QQuickItem* parent = nullptr);

  OverlayReadout* readout() const { return readout_; }
  void setReadout(OverlayReadout* readout);
  void paint(QPainter* painter) override;

 Q_SIGNALS:
  void readoutChanged();

 private:
  QPointer<OverlayReadout> readout_;
  std::uint64_t paintedRevision_ = 0;
};

}  // namespace endoverlay
