import QtQuick
import Endoverlay

// A contrast study's clock: the phase and the time since the injection was
// marked, or that it is not marked yet, in the readout's words.
Rectangle {
    id: panel

    required property OverlayReadout readout

    opacity: readout.fade
    width: label.implicitWidth + 24
    height: label.implicitHeight + 12
    radius: 6
    color: "#b3000000"

    PlainText {
        id: label
        anchors.centerIn: parent
        color: "white"
        font.pixelSize: 17
        font.bold: true
        text: panel.readout.phaseText
    }
}
