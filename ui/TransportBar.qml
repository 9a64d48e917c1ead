import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Endoverlay

// Play and pause, frame and event steps, speed, where the overlay comes
// from, and the timeline. Every button has a key (see ReplayWindow.qml).
Rectangle {
    id: bar

    required property ReplayController replay

    implicitHeight: column.implicitHeight + 16
    color: "#212121"
    clip: true

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 8
        spacing: 4

        ReplayTimeline {
            id: timeline
            objectName: "timeline"
            Layout.fillWidth: true
            replay: bar.replay
        }

        RowLayout {
            spacing: 4
            component BarButton: Button {
                required property string key
                implicitWidth: Math.max(44, implicitContentWidth + 16)
                ToolTip.visible: hovered
                ToolTip.text: key
            }
            BarButton { text: qsTr("◀ event"); key: "P"; onClicked: bar.replay.previousEvent() }
            BarButton { text: "◀ 1"; key: "←"; onClicked: bar.replay.step(-1) }
            BarButton {
                objectName: "playButton"
                text: bar.replay.playing ? qsTr("❚❚ pause") : qsTr("▶ play")
                key: qsTr("Space")
                onClicked: bar.replay.togglePlay()
            }
            BarButton { objectName: "stepForwardButton"; text: "1 ▶"; key: "→"; onClicked: bar.replay.step(1) }
            BarButton { text: qsTr("event ▶"); key: "N"; onClicked: bar.replay.nextEvent() }
            Item { Layout.fillWidth: true }
            BarButton { text: "−"; key: "["; onClicked: bar.replay.slower() }
            PlainText {
                objectName: "rateLabel"
                Layout.preferredWidth: 44
                horizontalAlignment: Text.AlignHCenter
                color: "white"
                font.pixelSize: 14
                text: bar.replay.rate + "×"
            }
            BarButton { text: "+"; key: "]"; onClicked: bar.replay.faster() }
        }

        RowLayout {
            spacing: 6
            CheckBox {
                objectName: "rerunModels"
                // Without recorded results the current models are the only overlay there is.
                enabled: bar.replay.hasSidecar
                checked: bar.replay.rerunModels
                onToggled: bar.replay.rerunModels = checked
                palette.windowText: "white"
                text: qsTr("run current models (A)")
            }
            PlainText {
                objectName: "positionText"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignRight
                elide: Text.ElideLeft
                color: "white"
                font.family: "monospace"
                font.pixelSize: 13
                text: bar.replay.positionText
            }
        }
    }
}
