import QtQuick
import QtQuick.Window
import QtMultimedia
import Endoverlay

// The live view: video with the AI overlay, the HUD and the not-for-clinical-use notice.
Window {
    id: root

    required property string source
    required property string mode
    required property string protocolsDirectory
    required property string modelsDirectory
    required property string settingsFile
    required property string device
    required property int cpuThreads
    required property bool explain
    required property string recordingsFolder
    required property bool recordAtStart
    property bool aiOffAtStart: false
    property var chosenModels: []
    property bool overlaysVisible: true

    width: 1024
    height: 768
    visible: true
    color: "black"
    title: qsTr("Endoverlay — %1").arg(controller.sourceText)

    Component.onCompleted: if (root.recordAtStart) controller.toggleRecording()

    VideoController {
        id: controller
        objectName: "controller"
        source: root.source
        mode: root.mode
        protocolsDirectory: root.protocolsDirectory
        modelsDirectory: root.modelsDirectory
        chosenModels: root.chosenModels
        settingsFile: root.settingsFile
        device: root.device
        cpuThreads: root.cpuThreads
        explanations: root.explain
        aiOff: root.aiOffAtStart
        recordingsFolder: root.recordingsFolder
        videoSink: video.videoSink
    }

    VideoOutput {
        id: video
        anchors.fill: parent
        fillMode: VideoOutput.PreserveAspectFit
    }

    // The last frame stays, dimmed, while a dropped source reconnects.
    Rectangle {
        objectName: "signalLost"
        anchors.fill: video
        visible: controller.sourceState === VideoController.Reconnecting
        color: "#a6000000"

        PlainText {
            anchors.centerIn: parent
            color: "#ffcc80"
            font.pixelSize: 28
            font.bold: true
            text: qsTr("Signal lost — reconnecting")
        }
    }

    SegmentationOverlay {
        objectName: "segmentationOverlay"
        anchors.fill: video
        readout: controller.readout
        contentRect: video.contentRect
        visible: root.overlaysVisible
    }

    HeatmapBoxOverlay {
        objectName: "heatmapBoxOverlay"
        anchors.fill: video
        readout: controller.readout
        contentRect: video.contentRect
        heatmapOpacity: 0.9
        visible: root.overlaysVisible
    }

    ExplanationOverlay {
        objectName: "explanationOverlay"
        anchors.fill: video
        readout: controller.readout
        contentRect: video.contentRect
        visible: root.overlaysVisible
    }

    RegionSelector {
        objectName: "regionSelector"
        anchors.fill: video
        controller: controller
        contentRect: video.contentRect
        enabled: controller.takesRegion
        visible: enabled && root.overlaysVisible
    }

    // The panels stack down the right edge, as the exports draw them.
    Column {
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 12
        spacing: 8

        TrafficLight {
            objectName: "trafficLight"
            anchors.right: parent.right
            readout: controller.readout
            visible: root.overlaysVisible && controller.readout.trafficLight !== OverlayReadout.Off
        }

        ClassBadge {
            objectName: "classBadge"
            anchors.right: parent.right
            readout: controller.readout
            visible: root.overlaysVisible && controller.readout.badgeReading
        }

        PhasePanel {
            objectName: "phasePanel"
            anchors.right: parent.right
            readout: controller.readout
            visible: root.overlaysVisible && controller.readout.phaseText.length > 0
        }
    }

    TimeIntensityPlot {
        objectName: "timeIntensityPlot"
        anchors.left: parent.left
        anchors.bottom: recordButton.top
        anchors.margins: 12
        width: Math.min(root.width * 0.4, 560)
        height: width / 2
        readout: controller.readout
        opacity: controller.readout.fade
        visible: root.overlaysVisible && controller.readout.curveShown
    }

    Hud {
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.margins: 12
        controller: controller
        visible: root.overlaysVisible
    }

    RecordButton {
        id: recordButton
        objectName: "recordButton"
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: 12
        controller: controller
    }

    Rectangle {
        id: errorBanner
        objectName: "errorBanner"
        visible: controller.errorText.length > 0
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: notice.top
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
            text: controller.errorText
        }
    }

    PlainText {
        id: notice
        objectName: "clinicalNotice"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 10
        color: controller.readout.noticeColour
        style: Text.Outline
        styleColor: "black"
        font.pixelSize: 15
        font.bold: true
        text: controller.readout.notice
    }

    Shortcut {
        sequence: "O"
        onActivated: root.overlaysVisible = !root.overlaysVisible
    }
    Shortcut {
        sequence: "M"
        onActivated: controller.nextMode()
    }
    Shortcut {
        sequence: "A"
        onActivated: controller.aiOff = !controller.aiOff
    }
    Shortcut {
        sequence: "G"
        onActivated: controller.explanations = !controller.explanations
    }
    Shortcut {
        sequence: "C"
        onActivated: {
            controller.setCystRegion(Qt.rect(0, 0, 0, 0))
            controller.setReferenceRegion(Qt.rect(0, 0, 0, 0))
        }
    }
    Shortcut {
        sequence: "I"
        onActivated: controller.markInjection()
    }
    Shortcut {
        sequence: "R"
        onActivated: controller.toggleRecording()
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
