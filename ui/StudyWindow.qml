import QtQuick
import QtQuick.Window
import Endoverlay

// A CT or MR study: one pane per series the mode reads (the four renal CT phases side by side, the liver MR
// series alone), each with its slice, the heads' readouts on it (badge, liver outline, Grad-CAM) and the
// region dragged on any pane, carried to the others; the review panel at the right. Up and Down (or the
// wheel) step through the slices, Page Up and Page Down by five; 1 and 2 choose the abdomen and kidney
// windows on CT, a right-button drag changes the window; V shows one series at a time, the next with each
// press, then all again; G shows Grad-CAM; C clears the region; O hides the overlays; S saves the picture
// of the slice; R hides the review panel.
Window {
    id: root

    required property string study
    required property string mode
    required property string protocolsDirectory
    required property string modelsDirectory
    required property string device
    required property int cpuThreads
    required property bool explain
    required property string recordingsFolder
    property rect firstRegion
    property var chosenModels: []
    property bool overlaysVisible: true
    // The one pane shown alone (V), or -1 for all of them side by side.
    property int soloPane: -1

    width: 1280
    height: 720
    visible: true
    color: "black"
    title: studyController.modeName.length > 0 ? qsTr("Endoverlay — %1 study").arg(studyController.modeName)
                                         : qsTr("Endoverlay — study")

    StudyController {
        id: studyController
        objectName: "controller"
        study: root.study
        mode: root.mode
        protocolsDirectory: root.protocolsDirectory
        modelsDirectory: root.modelsDirectory
        chosenModels: root.chosenModels
        device: root.device
        cpuThreads: root.cpuThreads
        outputFolder: root.recordingsFolder
        explanations: root.explain
        Component.onCompleted: if (root.firstRegion.width > 0) studyController.setCystRegion(root.firstRegion)
    }

    // Under the panes: the wheel steps, the right button sets the window.
    MouseArea {
        anchors.fill: panes
        acceptedButtons: Qt.RightButton
        property point last
        onPressed: mouse => last = Qt.point(mouse.x, mouse.y)
        onPositionChanged: mouse => {
            studyController.dragWindow(mouse.x - last.x, mouse.y - last.y, panes.paneWidth)
            last = Qt.point(mouse.x, mouse.y)
        }
        onWheel: wheel => studyController.step(wheel.angleDelta.y > 0 ? -1 : 1)
    }

    Row {
        id: panes
        readonly property real paneWidth: root.soloPane >= 0 ? width : width / Math.max(1, studyController.paneNames.length)
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: reviewPanel.visible ? reviewPanel.left : parent.right
        anchors.bottom: statusBar.top

        Repeater {
            model: studyController.paneNames

            Item {
                id: pane
                objectName: "pane_" + modelData
                required property int index
                required property string modelData
                readonly property OverlayReadout readout: studyController.paneReadout(index)

                width: panes.paneWidth
                height: panes.height
                visible: root.soloPane < 0 || root.soloPane === index

                SliceImage {
                    id: slice
                    objectName: "slice"
                    anchors.fill: parent
                    anchors.margins: 2
                    image: studyController.paneImages[pane.index] ?? null
                }

                ExplanationOverlay {
                    objectName: "explanationOverlay"
                    anchors.fill: slice
                    readout: pane.readout
                    contentRect: slice.contentRect
                    visible: root.overlaysVisible
                }

                // Over the Grad-CAM, which lies on the liver: the liver's edge stays in view.
                SegmentationOverlay {
                    objectName: "segmentationOverlay"
                    anchors.fill: slice
                    readout: pane.readout
                    contentRect: slice.contentRect
                    visible: root.overlaysVisible
                }

                RegionSelector {
                    objectName: "regionSelector"
                    anchors.fill: slice
                    controller: studyController
                    contentRect: slice.contentRect
                    enabled: studyController.takesRegion
                    visible: enabled && root.overlaysVisible
                }

                PlainText {
                    objectName: "paneName"
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.margins: 10
                    color: "white"
                    style: Text.Outline
                    styleColor: "black"
                    font.pixelSize: 18
                    font.bold: true
                    text: pane.modelData
                }

                ClassBadge {
                    objectName: "classBadge"
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.bottom: parent.bottom
                    anchors.bottomMargin: 12
                    readout: pane.readout
                    visible: root.overlaysVisible && pane.readout.badgeReading
                }
            }
        }
    }

    StudyReviewPanel {
        id: reviewPanel
        objectName: "reviewPanel"
        study: studyController
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.bottom: statusBar.top
        width: 300
    }

    Rectangle {
        id: statusBar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: statusColumn.implicitHeight + 12
        color: "#202020"

        Column {
            id: statusColumn
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.leftMargin: 12
            spacing: 2

            PlainText {
                objectName: "studyStatus"
                color: "white"
                font.pixelSize: 15
                text: [studyController.modeName, studyController.positionText, studyController.windowText,
                       studyController.takesRegion && studyController.cystRegion.width === 0
                           ? qsTr("drag a region around the mass") : ""].filter(t => t.length > 0).join("   ·   ")
            }
            PlainText {
                objectName: "studyNotices"
                visible: text.length > 0
                width: parent.width
                wrapMode: Text.Wrap
                color: "#ffcc80"
                font.pixelSize: 13
                text: studyController.noticeText
            }
            PlainText {
                objectName: "clinicalNotice"
                color: studyController.readout.noticeColour
                font.pixelSize: 14
                font.bold: true
                text: studyController.readout.notice
            }
        }
    }

    Rectangle {
        objectName: "errorBanner"
        visible: errorLabel.text.length > 0
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: statusBar.top
        anchors.bottomMargin: 10
        width: Math.min(parent.width - 24, errorLabel.implicitWidth + 24)
        height: errorLabel.implicitHeight + 16
        radius: 4
        color: "#c62828"

        PlainText {
            id: errorLabel
            anchors.centerIn: parent
            width: Math.min(implicitWidth, root.width - 48)
            wrapMode: Text.Wrap
            color: "white"
            font.pixelSize: 15
            text: studyController.errorText.length > 0 ? studyController.errorText : studyController.invalidText
        }
    }

    Shortcut {
        sequences: ["Up", "Left"]
        onActivated: studyController.step(-1)
    }
    Shortcut {
        sequences: ["Down", "Right"]
        onActivated: studyController.step(1)
    }
    Shortcut {
        sequence: "PgUp"
        onActivated: studyController.step(-5)
    }
    Shortcut {
        sequence: "PgDown"
        onActivated: studyController.step(5)
    }
    Shortcut {
        sequence: "1"
        onActivated: studyController.setPreset(StudyController.Abdomen)
    }
    Shortcut {
        sequence: "2"
        onActivated: studyController.setPreset(StudyController.Kidney)
    }
    Shortcut {
        sequence: "G"
        onActivated: studyController.explanations = !studyController.explanations
    }
    Shortcut {
        sequence: "C"
        onActivated: studyController.setCystRegion(Qt.rect(0, 0, 0, 0))
    }
    Shortcut {
        sequence: "O"
        onActivated: root.overlaysVisible = !root.overlaysVisible
    }
    Shortcut {
        sequence: "V"
        onActivated: root.soloPane = studyController.paneNames.length < 2 || root.soloPane + 1 >= studyController.paneNames.length
                                     ? -1 : root.soloPane + 1
    }
    Shortcut {
        sequence: "S"
        onActivated: reviewPanel.exportSlice()
    }
    Shortcut {
        sequence: "R"
        onActivated: reviewPanel.visible = !reviewPanel.visible
    }
    Shortcut {
        sequence: "F"
        onActivated: root.visibility = root.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen
    }
    Shortcut {
        sequences: ["Q", StandardKey.Quit]
        onActivated: Qt.quit()
    }
}
