import QtQuick
import Endoverlay

// The cyst type once it has settled (hysteresis in TemporalFilter), with its
// probability; "reading…" while the probabilities have not settled on one.
// A stale reading fades with the rest of the overlay.
Rectangle {
    id: badge

    required property OverlayReadout readout
    readonly property bool settled: readout.cystLabel.length > 0

    opacity: readout.fade

    width: label.implicitWidth + 28
    height: label.implicitHeight + 16
    radius: 6
    color: !settled ? "#b3000000" : readout.cystLabel === "MCN" ? "#c2185b" : "#1565c0"

    PlainText {
        id: label
        anchors.centerIn: parent
        color: "white"
        font.pixelSize: 20
        font.bold: true
        text: badge.settled
              ? qsTr("%1 %2 %").arg(badge.readout.cystLabel).arg((badge.readout.cystProbability * 100).toFixed(0))
              : qsTr("cyst type: reading…")
    }
}
