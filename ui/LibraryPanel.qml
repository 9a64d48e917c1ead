import QtQuick
import QtQuick.Controls
import Endoverlay

// The QA library: the recordings of a folder, newest first, with date,
// duration, mode, models, warnings and whether they have been reviewed.
// Choosing one opens it for replay and review.
Rectangle {
    id: panel

    required property RecordingLibraryModel library
    property string selected
    signal chosen(string video)

    color: "#263238"

    PlainText {
        id: heading
        x: 10
        y: 8
        width: parent.width - 20
        color: "white"
        font.pixelSize: 16
        font.bold: true
        elide: Text.ElideMiddle
        text: qsTr("Recordings (%1)").arg(panel.library.count)
    }
    PlainText {
        id: problem
        anchors.top: heading.bottom
        x: 10
        width: parent.width - 20
        visible: text.length > 0
        wrapMode: Text.Wrap
        color: "#ff8a80"
        text: panel.library.errorText
    }

    ListView {
        id: list
        objectName: "libraryList"
        anchors.top: problem.visible ? problem.bottom : heading.bottom
        anchors.topMargin: 6
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        clip: true
        model: panel.library
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: entry
            required property string video
            required property string started
            required property string duration
            required property string mode
            required property string models
            required property int warnings
            required property int events
            required property bool reviewed
            required property string problem
            required property int index

            objectName: "libraryEntry" + index
            width: list.width
            height: lines.implicitHeight + 12
            color: panel.selected === video ? "#455a64" : area.containsMouse ? "#37474f" : "transparent"

            Column {
                id: lines
                x: 10
                y: 6
                width: parent.width - 20
                spacing: 1
                PlainText {
                    color: "white"
                    font.pixelSize: 14
                    font.bold: true
                    text: entry.started.replace("T", " ").replace("Z", " UTC") + " · " + entry.mode
                }
                PlainText {
                    color: "#cfd8dc"
                    font.pixelSize: 13
                    text: qsTr("%1 · %2 warning(s) · %3 event(s)").arg(entry.duration).arg(entry.warnings).arg(entry.events)
                }
                PlainText {
                    width: parent.width
                    color: "#b0bec5"
                    font.pixelSize: 12
                    elide: Text.ElideRight
                    text: entry.models
                }
                PlainText {
                    objectName: "reviewedLabel"
                    color: entry.reviewed ? "#a5d6a7" : "#ffcc80"
                    font.pixelSize: 12
                    text: entry.reviewed ? qsTr("✓ reviewed") : qsTr("not reviewed")
                }
                PlainText {
                    width: parent.width
                    visible: entry.problem.length > 0
                    wrapMode: Text.Wrap
                    color: "#ff8a80"
                    font.pixelSize: 12
                    text: entry.problem
                }
            }
            MouseArea {
                id: area
                anchors.fill: parent
                hoverEnabled: true
                onClicked: panel.chosen(entry.video)
            }
        }
    }
}
