import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Endoverlay

// QA review of the open recording: the verdict on the AI, a note for every
// event (saved when the field is left or Enter is pressed), and the
// exports, written beside the recording.
Rectangle {
    id: panel

    required property ReplayController replay
    required property ReviewController review
    property int markIn: -1
    property int markOut: -1

    color: "#263238"

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 10
        spacing: 8

        PlainText {
            color: "white"
            font.pixelSize: 16
            font.bold: true
            text: qsTr("Review")
        }
        VerdictChooser {
            review: panel.review
            canChoose: panel.replay.hasSidecar
        }

        PlainText {
            color: "white"
            font.pixelSize: 15
            font.bold: true
            text: qsTr("Events (%1)").arg(panel.replay.events.length)
        }
        ListView {
            id: events
            objectName: "eventList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 4
            model: panel.replay.events
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property var modelData
                required property int index
                objectName: "eventRow" + index
                width: events.width - 12
                height: rowLines.implicitHeight + 10
                radius: 3
                color: panel.replay.frameIndex === modelData.frame ? "#455a64" : "#37474f"

                Rectangle {
                    width: 4
                    height: parent.height
                    color: row.modelData.colour
                }
                Column {
                    id: rowLines
                    x: 10
                    y: 5
                    width: parent.width - 16
                    spacing: 3
                    PlainText {
                        objectName: "eventLabel" + row.index
                        color: "white"
                        font.pixelSize: 13
                        text: row.modelData.time + "  " + row.modelData.label + "  (frame " + row.modelData.frame + ")"
                        MouseArea {
                            anchors.fill: parent
                            onClicked: panel.replay.seek(row.modelData.frame)
                        }
                    }
                    TextField {
                        objectName: "note" + row.index
                        width: parent.width
                        placeholderText: qsTr("note on this event")
                        text: panel.review.notes[row.modelData.frame] || ""
                        onEditingFinished: panel.review.setNote(row.modelData.frame, text)
                    }
                }
            }
        }

        PlainText {
            color: "white"
            font.pixelSize: 15
            font.bold: true
            text: qsTr("Export")
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 2
            columnSpacing: 6
            rowSpacing: 6
            enabled: panel.replay.hasSidecar && !panel.review.busy
            CheckBox {
                id: asDicom
                objectName: "exportAsDicom"
                Layout.columnSpan: 2
                text: qsTr("as DICOM (secondary capture)")
            }
            Button {
                objectName: "exportPngButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: asDicom.checked ? qsTr("DICOM of this frame") : qsTr("PNG of this frame")
                onClicked: panel.review.exportSnapshot(panel.replay.frameIndex, asDicom.checked)
            }
            Button {
                objectName: "exportReportButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: qsTr("HTML report")
                onClicked: panel.review.writeReport()
            }
            Button {
                objectName: "exportClipButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: asDicom.checked ? qsTr("DICOM of the clip") : qsTr("MP4 of the clip")
                onClicked: panel.review.exportClip(0, -1, asDicom.checked)
            }
            Button {
                objectName: "exportRangeButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                enabled: panel.markIn >= 0 && panel.markOut >= panel.markIn
                text: panel.markIn >= 0 ? qsTr("%1 %2–%3").arg(asDicom.checked ? "DICOM" : "MP4").arg(panel.markIn)
                                                 .arg(panel.markOut >= 0 ? panel.markOut : "…")
                                        : qsTr("%1 range (I … E)").arg(asDicom.checked ? "DICOM" : "MP4")
                onClicked: panel.review.exportClip(panel.markIn, panel.markOut, asDicom.checked)
            }
        }
        PlainText {
            objectName: "reviewStatus"
            Layout.fillWidth: true
            wrapMode: Text.WrapAnywhere
            color: panel.review.statusIsProblem ? "#ff8a80" : "#b0bec5"
            font.pixelSize: 12
            text: panel.review.busy ? qsTr("exporting…") : panel.review.statusText
        }
    }
}
