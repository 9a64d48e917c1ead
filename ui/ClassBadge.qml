import QtQuick
import Endoverlay

// A class-badge readout (the cyst type) once it has settled (hysteresis in
// TemporalFilter), with its probability; "reading…" while the probabilities
// have not settled on one.
// A stale reading fades with the rest of the overlay.
Rectangle {
    id: badge

    required property OverlayReadout readout
    readonly property bool settled: readout.badgeLabel.length > 0

    opacity: readout.fade

    width: label.implicitWidth + 28
    height: label.implicitHeight + 16
    radius: 6
    color: settled ? readout.badgeColour : "#b3000000"

    PlainText {
        id: label
        anchors.centerIn: parent
        color: "white"
        font.pixelSize: 20
        font.bold: true
        text: badge.settled
              ? badge.readout.badgeText
              : qsTr("%1: reading…").arg(badge.readout.badgeName)
    }
}
