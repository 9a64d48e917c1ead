import QtQuick
import Endoverlay

// Numbers an operator can trust the overlay by: display rate, model time,
// how old the drawn result is, which model on which device.
Rectangle {
    id: hud

    required property VideoController controller

    width: lines.implicitWidth + 20
    height: lines.implicitHeight + 14
    radius: 4
    color: "#99000000"

    Column {
        id: lines
        x: 10
        y: 7
        spacing: 2

        component HudLine: PlainText {
            color: "white"
            font.pixelSize: 14
            font.family: "monospace"
        }

        HudLine {
            text: qsTr("display %1 fps (source %2)").arg(hud.controller.displayFps.toFixed(1)).arg(hud.controller.sourceFps.toFixed(1))
        }
        HudLine {
            visible: !hud.controller.aiOff
            text: qsTr("AI %1 ms · %2 results/s").arg(hud.controller.inferenceMs.toFixed(0)).arg(hud.controller.resultsPerSecond.toFixed(0))
        }
        HudLine {
            text: qsTr("result age %1 ms").arg(hud.controller.resultAgeMs.toFixed(0))
        }
        HudLine {
            visible: text.length > 0
            text: hud.controller.latencyText
        }
        HudLine {
            text: hud.controller.modelsText.length > 0
                  ? qsTr("%1 · %2").arg(hud.controller.modeName).arg(hud.controller.deviceName)
                  : qsTr("%1 · no model").arg(hud.controller.modeName)
        }
        HudLine {
            visible: text.length > 0
            text: hud.controller.modelsText
        }
        // The mode switcher: every protocol by name, the current one marked; M steps, a click chooses.
        Row {
            objectName: "modeSwitcher"
            spacing: 10
            visible: hud.controller.modes.length > 1
            HudLine { text: qsTr("mode (M):") }
            Repeater {
                model: hud.controller.modes
                delegate: HudLine {
                    required property var modelData
                    objectName: "mode_" + modelData.id
                    text: modelData.name
                    font.bold: modelData.id === hud.controller.modeId
                    font.underline: modelData.id === hud.controller.modeId
                    color: modelData.available ? "white" : "#9e9e9e"
                    MouseArea {
                        anchors.fill: parent
                        onClicked: hud.controller.selectMode(parent.modelData.id)
                    }
                }
            }
        }
        HudLine {
            objectName: "invalidOutput"
            visible: text.length > 0
            color: "#ff8a65"
            font.bold: true
            text: hud.controller.readout.invalidText.length > 0
                  ? qsTr("%1 (%2 results so far)").arg(hud.controller.readout.invalidText).arg(hud.controller.invalidResults)
                  : ""
        }
        HudLine {
            visible: hud.controller.aiPaused
            color: "#ff8a65"
            font.bold: true
            text: hud.controller.aiOff ? qsTr("AI off (A switches it on)") : qsTr("AI paused")
        }
        HudLine {
            visible: hud.controller.sourceState === VideoController.Ended
            text: qsTr("end of video")
        }
    }
}
