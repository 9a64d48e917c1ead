#include "ui/EventColour.h"

namespace endoverlay {

QColor eventColour(EventKind kind) {
  switch (kind) {
    case EventKind::DetectionSeen: return QColor(0xff, 0xd6, 0x00);
    case EventKind::DetectionLost: return QColor(0x9e, 0x9e, 0x9e);
    case EventKind::WarningOn: return QColor(0xe5, 0x39, 0x35);
    case EventKind::WarningOff: return QColor(0x43, 0xa0, 0x47);
    case EventKind::BadgeChanged: return QColor(0x42, 0xa5, 0xf5);
    case EventKind::SignalLost: return QColor(0xff, 0x6f, 0x00);
    case EventKind::Injection: return QColor(0xff, 0xff, 0xff);
    case EventKind::PhaseChanged: return QColor(0x4d, 0xd0, 0xe1);
  }
  return Qt::white;
}

}  // namespace endoverlay
