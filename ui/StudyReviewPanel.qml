import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Endoverlay

// QA review of the open study: the verdict on the AI, a note on the slice shown (saved when the field is left,
// Enter is pressed or the slice changes), the list of noted slices (click one to go there), and the exports,
// written to the recordings folder under the study's opaque ID.
Rectangle {
    id: panel

    required property StudyController study
    readonly property ReviewController review: study.review
    readonly property bool canReview: study.studyId.length > 0

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
        PlainText {
            objectName: "studyIdLabel"
            Layout.fillWidth: true
            wrapMode: Text.WrapAnywhere
            color: "#b0bec5"
            font.pixelSize: 12
            text: panel.canReview ? qsTr("study %1").arg(panel.study.studyId) : qsTr("no review can be kept (see below the slices)")
        }
        VerdictChooser {
            review: panel.review
            canChoose: panel.canReview
        }

        PlainText {
            color: "white"
            font.pixelSize: 15
            font.bold: true
            text: qsTr("Note on slice %1").arg(panel.study.sliceIndex + 1)
        }
        TextField {
            id: note
            objectName: "sliceNote"
            // The slice this field's text belongs to: typing stays with it even when the slice changes meanwhile.
            property int slice: -1

            function load() {
                slice = panel.study.sliceIndex
                text = panel.review.notes[slice] || ""
            }
            function commit() {
                if (slice >= 0 && text !== (panel.review.notes[slice] || ""))
                    panel.review.setNote(slice, text)
            }

            Layout.fillWidth: true
            enabled: panel.canReview
            placeholderText: qsTr("note on this slice")
            onEditingFinished: commit()
            Component.onCompleted: load()
        }
        Connections {
            target: panel.study
            function onSliceChanged() {
                note.commit()
                note.load()
            }
        }
        Connections {
            target: panel.review
            function onReviewChanged() {
                if (!note.activeFocus) note.load()
            }
        }

        PlainText {
            color: "white"
            font.pixelSize: 15
            font.bold: true
            text: qsTr("Noted slices (%1)").arg(notedSlices.count)
        }
        ListView {
            id: notedSlices
            objectName: "notedSlices"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 4
            model: Object.keys(panel.review.notes).map(Number).sort((a, b) => a - b)
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property int modelData
                required property int index
                objectName: "notedSlice" + index
                width: notedSlices.width - 12
                height: rowText.implicitHeight + 10
                radius: 3
                color: panel.study.sliceIndex === modelData ? "#455a64" : "#37474f"

                PlainText {
                    id: rowText
                    x: 8
                    y: 5
                    width: parent.width - 16
                    wrapMode: Text.Wrap
                    color: "white"
                    font.pixelSize: 13
                    text: qsTr("slice %1: %2").arg(row.modelData + 1).arg(panel.review.notes[row.modelData] || "")
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: panel.study.showSlice(row.modelData)
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
            enabled: panel.canReview && !panel.review.busy
            CheckBox {
                id: asDicom
                objectName: "exportAsDicom"
                Layout.columnSpan: 2
                text: qsTr("as DICOM (secondary capture)")
            }
            Button {
                objectName: "exportSliceButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: asDicom.checked ? qsTr("DICOM of this slice") : qsTr("PNG of this slice")
                onClicked: panel.study.exportSlice(asDicom.checked)
            }
            Button {
                objectName: "exportReportButton"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: qsTr("HTML report")
                onClicked: {
                    note.commit()
                    panel.study.writeReport()
                }
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

    // S: the picture of this slice position, as the panel's choice of PNG or DICOM says.
    function exportSlice() {
        if (panel.canReview && !panel.review.busy) panel.study.exportSlice(asDicom.checked)
    }
}
