import QtQuick
import Endoverlay

// Lets the user drag the EUS region of interest on the picture; a click
// without a drag clears it. Coordinates go to the controller in frame pixels.
MouseArea {
    id: selector

    required property VideoController controller
    required property rect contentRect

    property point pressedAt
    property bool dragging: false
    property rect dragRect

    function toFrame(x, y) {
        const size = controller.videoSize
        return Qt.point((x - contentRect.x) * size.width / contentRect.width,
                        (y - contentRect.y) * size.height / contentRect.height)
    }
    function toItem(r) {
        const size = controller.videoSize
        if (size.width <= 0 || r.width <= 0)
            return Qt.rect(0, 0, 0, 0)
        const sx = contentRect.width / size.width, sy = contentRect.height / size.height
        return Qt.rect(contentRect.x + r.x * sx, contentRect.y + r.y * sy, r.width * sx, r.height * sy)
    }

    acceptedButtons: Qt.LeftButton
    onPressed: mouse => { pressedAt = Qt.point(mouse.x, mouse.y); dragging = true; dragRect = Qt.rect(mouse.x, mouse.y, 0, 0) }
    onPositionChanged: mouse => {
        dragRect = Qt.rect(Math.min(pressedAt.x, mouse.x), Math.min(pressedAt.y, mouse.y),
                           Math.abs(mouse.x - pressedAt.x), Math.abs(mouse.y - pressedAt.y))
    }
    onReleased: {
        dragging = false
        if (dragRect.width < 8 || dragRect.height < 8) {
            controller.setCystRegion(Qt.rect(0, 0, 0, 0))
            return
        }
        const a = toFrame(dragRect.x, dragRect.y)
        const b = toFrame(dragRect.x + dragRect.width, dragRect.y + dragRect.height)
        controller.setCystRegion(Qt.rect(a.x, a.y, b.x - a.x, b.y - a.y))
    }

    Rectangle {
        objectName: "cystRegionFrame"
        readonly property rect shown: selector.dragging ? selector.dragRect : selector.toItem(selector.controller.cystRegion)
        visible: shown.width > 0
        x: shown.x
        y: shown.y
        width: shown.width
        height: shown.height
        color: "transparent"
        border.color: "#4dd0e1"
        border.width: 2
    }
}
