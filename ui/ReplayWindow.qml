import QtQuick
import QtQuick.Controls
import QtQuick.Window
import QtMultimedia
import Endoverlay

// Replay and QA review: the library of a recordings folder (left), the
// replayed video with the overlay it showed live or the current models'
// (centre), the timeline with its events and the transport (bottom), the
// verdict, event notes and exports (right).
Window {
    id: root

    required property string file
    required property string folder
    required property string mode
    required property string protocolsDirectory
    required property string modelsDirectory
    required property string device
    required property int cpuThreads
    required property bool rerunModels
    required property int startFrame
    property var chosenModels: []
    property string settingsFile: ""
    property bool overlaysVisible: true

    width: 1280
    height: 800
    visible: true
    color: "black"
    title: qsTr("Endoverlay replay and review")

    ReplayController {
        id: replay
        objectName: "replay"
        file: root.file
        mode: root.mode
        protocolsDirectory: root.protocolsDirectory
        modelsDirectory: root.modelsDirectory
        chosenModels: root.chosenModels
        settingsFile: root.settingsFile
        device: root.device
        cpuThreads: root.cpuThreads
        rerunModels: root.rerunModels
        startFrame: root.startFrame
        videoSink: video.videoSink
    }

    ReviewController {
        id: review
        objectName: "review"
        file: replay.file
        onReviewChanged: library.setReviewed(file, verdict !== ReviewController.VerdictChoice.NotReviewed)
    }

    RecordingLibraryModel {
        id: library
        objectName: "library"
        folder: root.folder
    }

    LibraryPanel {
        id: libraryPanel
        objectName: "libraryPanel"
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        width: visible ? 300 : 0
        library: library
        selected: replay.file
        onChosen: video => replay.file = video
    }

    ReviewPanel {
        id: reviewPanel
        objectName: "reviewPanel"
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        width: 340
        replay: replay
        review: review
    }

    Item {
        id: stage
        anchors.left: libraryPanel.right
        anchors.right: reviewPanel.left
        anchors.top: parent.top
        anchors.bottom: transport.top

        Rectangle {
            id: header
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: info.implicitHeight + 12
            color: "#212121"

            Column {
                id: info
                x: 10
                y: 6
                width: parent.width - 20
                spacing: 2
                PlainText { width: parent.width; elide: Text.ElideRight; color: "white"; font.pixelSize: 14; text: replay.recordingText }
                PlainText {
                    objectName: "overlayText"
                    width: parent.width
                    elide: Text.ElideRight
                    color: "#b0bec5"
                    font.pixelSize: 13
                    text: replay.overlayText
                }
                PlainText {
                    objectName: "invalidOutput"
                    width: parent.width
                    visible: text.length > 0
                    color: "#ff8a65"
                    font.pixelSize: 13
                    font.bold: true
                    text: replay.readout.invalidText
                }
                PlainText {
                    objectName: "sidecarNotice"
                    width: parent.width
                    visible: text.length > 0
                    wrapMode: Text.Wrap
                    color: "#ffcc80"
                    font.pixelSize: 13
                    text: replay.sidecarNotice
                }
            }
        }

        VideoOutput {
            id: video
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: header.bottom
            anchors.bottom: parent.bottom
            fillMode: VideoOutput.PreserveAspectFit
        }

        SegmentationOverlay {
            objectName: "segmentationOverlay"
            anchors.fill: video
            readout: replay.readout
            contentRect: video.contentRect
            visible: root.overlaysVisible
        }

        HeatmapBoxOverlay {
            objectName: "heatmapBoxOverlay"
            anchors.fill: video
            readout: replay.readout
            contentRect: video.contentRect
            heatmapOpacity: 0.9
            visible: root.overlaysVisible
        }

        // The panels stack down the right edge, as the exports draw them.
        Column {
            anchors.right: parent.right
            anchors.top: header.bottom
            anchors.margins: 12
            spacing: 8

            TrafficLight {
                objectName: "trafficLight"
                anchors.right: parent.right
                readout: replay.readout
                visible: root.overlaysVisible && replay.readout.trafficLight !== OverlayReadout.Off
            }

            ClassBadge {
                objectName: "classBadge"
                anchors.right: parent.right
                readout: replay.readout
                visible: root.overlaysVisible && replay.readout.badgeReading
            }

            PhasePanel {
                objectName: "phasePanel"
                anchors.right: parent.right
                readout: replay.readout
                visible: root.overlaysVisible && replay.readout.phaseText.length > 0
            }
        }

        // A contrast study's regions as recorded, and their time-intensity curve up to the frame shown.
        Item {
            anchors.fill: video
            visible: root.overlaysVisible

            FrameRect {
                objectName: "recordedReferenceFrame"
                frameRect: replay.readout.contrastReference
                frameSize: replay.readout.frameSize
                contentRect: video.contentRect
                border.color: replay.readout.referenceColour
            }
            FrameRect {
                objectName: "recordedRegionFrame"
                frameRect: replay.readout.contrastRegion
                frameSize: replay.readout.frameSize
                contentRect: video.contentRect
                border.color: replay.readout.regionColour
            }
        }
        TimeIntensityPlot {
            objectName: "timeIntensityPlot"
            anchors.left: parent.left
            anchors.bottom: parent.bottom
            anchors.margins: 12
            anchors.bottomMargin: 36
            width: Math.min(stage.width * 0.4, 520)
            height: width / 2
            readout: replay.readout
            opacity: replay.readout.fade
            visible: root.overlaysVisible && replay.readout.curveShown
        }

        Rectangle {
            objectName: "errorBanner"
            visible: replay.errorText.length > 0
            anchors.centerIn: parent
            width: Math.min(parent.width - 24, errorLabel.implicitWidth + 24)
            height: errorLabel.implicitHeight + 16
            radius: 4
            color: "#c62828"
            PlainText {
                id: errorLabel
                anchors.centerIn: parent
                width: Math.min(implicitWidth, stage.width - 48)
                wrapMode: Text.Wrap
                color: "white"
                font.pixelSize: 15
                text: replay.errorText
            }
        }

        PlainText {
            objectName: "emptyHint"
            anchors.centerIn: parent
            visible: !replay.opened && replay.errorText.length === 0
            color: "#b0bec5"
            font.pixelSize: 16
            text: qsTr("Choose a recording on the left")
        }

        PlainText {
            objectName: "clinicalNotice"
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.bottom: parent.bottom
            anchors.bottomMargin: 8
            color: replay.readout.noticeColour
            style: Text.Outline
            styleColor: "black"
            font.pixelSize: 15
            font.bold: true
            text: replay.readout.notice
        }
    }

    TransportBar {
        id: transport
        objectName: "transport"
        anchors.left: libraryPanel.right
        anchors.right: reviewPanel.left
        anchors.bottom: parent.bottom
        replay: replay
    }

    Shortcut { sequence: "Space"; onActivated: replay.togglePlay() }
    Shortcut { sequence: "Right"; onActivated: replay.step(1) }
    Shortcut { sequence: "Left"; onActivated: replay.step(-1) }
    Shortcut { sequence: "Shift+Right"; onActivated: replay.step(Math.round(replay.fps)) }
    Shortcut { sequence: "Shift+Left"; onActivated: replay.step(-Math.round(replay.fps)) }
    Shortcut { sequence: "Home"; onActivated: replay.seek(0) }
    Shortcut { sequence: "End"; onActivated: replay.seek(replay.frameCount - 1) }
    Shortcut { sequence: "N"; onActivated: replay.nextEvent() }
    Shortcut { sequence: "P"; onActivated: replay.previousEvent() }
    Shortcut { sequence: "]"; onActivated: replay.faster() }
    Shortcut { sequence: "["; onActivated: replay.slower() }
    Shortcut { sequence: "A"; onActivated: replay.rerunModels = !replay.rerunModels }
    Shortcut { sequence: "O"; onActivated: root.overlaysVisible = !root.overlaysVisible }
    Shortcut { sequence: "L"; onActivated: libraryPanel.visible = !libraryPanel.visible }
    Shortcut { sequence: StandardKey.Refresh; onActivated: library.refresh() }
    Shortcut { sequence: "I"; onActivated: reviewPanel.markIn = replay.frameIndex }
    Shortcut { sequence: "E"; onActivated: reviewPanel.markOut = replay.frameIndex }
    Shortcut { sequence: "S"; onActivated: if (replay.hasSidecar) review.exportSnapshot(replay.frameIndex, false) }
    Shortcut { sequence: "F"; onActivated: root.visibility = root.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen }
    Shortcut {
        sequences: ["Q", StandardKey.Quit]
        onActivated: Qt.quit()
    }
}
