import QtQuick
import Endoverlay

// Starts and stops recording (also the R key). While recording it is red and
// shows the time recorded and the file name, so nobody wonders whether the
// procedure is being kept.
Rectangle {
    id: button

    required property VideoController controller

    width: label.implicitWidth + 24
    height: label.implicitHeight + 14
    radius: 4
    color: controller.recording ? "#d32f2f" : "#99000000"
    border.color: "white"
    border.width: area.containsMouse ? 1 : 0

    PlainText {
        id: label
        anchors.centerIn: parent
        color: "white"
        font.pixelSize: 14
        font.bold: button.controller.recording
        text: button.controller.recording ? "■ " + button.controller.recordingText : qsTr("● Record (R)")
    }

    MouseArea {
        id: area
        anchors.fill: parent
        hoverEnabled: true
        onClicked: button.controller.toggleRecording()
    }
}
