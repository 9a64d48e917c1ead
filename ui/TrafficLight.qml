import QtQuick
import Endoverlay

// A traffic-light readout (the cannulation difficulty): green, amber, red on
// the grouped probability (P(difficult)), with the class breakdown. Driven
// by the stable readout, so it changes
// only through the hysteresis of TemporalFilter; a stale reading fades with
// the rest of the overlay, so no warning outlives the results behind it.
Rectangle {
    id: panel

    required property OverlayReadout readout

    opacity: readout.fade

    width: content.implicitWidth + 20
    height: content.implicitHeight + 16
    radius: 6
    color: "#b3000000"

    Column {
        id: content
        x: 10
        y: 8
        spacing: 6

        Row {
            spacing: 8
            Repeater {
                model: [OverlayReadout.Green, OverlayReadout.Amber, OverlayReadout.Red]
                Rectangle {
                    required property int modelData
                    objectName: "lamp" + modelData
                    width: 26
                    height: 26
                    radius: 13
                    color: panel.readout.trafficLight === modelData ? panel.readout.lampColour(modelData) : "#33ffffff"
                    border.color: "#80ffffff"
                }
            }
            PlainText {
                anchors.verticalCenter: parent.verticalCenter
                color: "white"
                font.pixelSize: 16
                font.bold: true
                text: panel.readout.warningText
            }
        }
        Repeater {
            model: panel.readout.warningBreakdown
            PlainText {
                required property var modelData
                color: "#e0e0e0"
                font.pixelSize: 13
                font.family: "monospace"
                text: qsTr("%1 %2 %").arg(modelData.label.padEnd(22, " ")).arg((modelData.probability * 100).toFixed(0).padStart(3, " "))
            }
        }
    }
}
