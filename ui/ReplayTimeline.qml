import QtQuick
import Endoverlay

// The recording's timeline: how far the replay is, a tick for every event
// (in its kind's colour, as in the review panel), click or drag to
// seek.
Item {
    id: timeline

    required property ReplayController replay

    implicitHeight: 34

    Rectangle {
        id: track
        objectName: "timelineTrack"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        height: 10
        radius: 5
        color: "#424242"

        Rectangle {
            height: parent.height
            radius: parent.radius
            color: "#90caf9"
            width: timeline.replay.frameCount > 1
                   ? parent.width * timeline.replay.frameIndex / (timeline.replay.frameCount - 1) : 0
        }
    }

    Repeater {
        model: timeline.replay.events
        Rectangle {
            required property var modelData
            objectName: "eventMark" + modelData.frame
            x: track.x + modelData.fraction * track.width - width / 2
            anchors.verticalCenter: track.verticalCenter
            width: 4
            height: 26
            color: modelData.colour
        }
    }

    Rectangle {
        objectName: "playhead"
        x: track.x + (timeline.replay.frameCount > 1
                      ? track.width * timeline.replay.frameIndex / (timeline.replay.frameCount - 1) : 0) - width / 2
        anchors.verticalCenter: track.verticalCenter
        width: 14
        height: 14
        radius: 7
        color: "white"
    }

    MouseArea {
        objectName: "timelineArea"
        anchors.fill: parent
        onPressed: mouse => timeline.replay.seekFraction(mouse.x / width)
        onPositionChanged: mouse => { if (pressed) timeline.replay.seekFraction(mouse.x / width) }
    }
}
