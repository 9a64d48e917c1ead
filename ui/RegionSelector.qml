import QtQuick
import Endoverlay

// Lets the user drag the region of interest on the picture (the EUS cyst,
// the CEUS lesion); a click without a drag clears it. In a contrast mode a
// drag with Shift sets the reference region on parenchyma instead.
// Coordinates go to the controller in frame pixels. The controller is the
// live or replay VideoController or the StudyController: each has videoSize,
// contrastClock, cystRegion, referenceRegion, readout and setCystRegion (and
// setReferenceRegion where it has a contrast clock).
MouseArea {
    id: selector

    required property QtObject controller
    required property rect contentRect

    property point pressedAt
    property bool dragging: false
    property bool draggingReference: false
    property rect dragRect

    function toFrame(x, y) {
        const size = controller.videoSize
        return Qt.point((x - contentRect.x) * size.width / contentRect.width,
                        (y - contentRect.y) * size.height / contentRect.height)
    }
    acceptedButtons: Qt.LeftButton
    onPressed: mouse => {
        pressedAt = Qt.point(mouse.x, mouse.y)
        dragging = true
        draggingReference = controller.contrastClock && (mouse.modifiers & Qt.ShiftModifier)
        dragRect = Qt.rect(mouse.x, mouse.y, 0, 0)
    }
    onPositionChanged: mouse => {
        dragRect = Qt.rect(Math.min(pressedAt.x, mouse.x), Math.min(pressedAt.y, mouse.y),
                           Math.abs(mouse.x - pressedAt.x), Math.abs(mouse.y - pressedAt.y))
    }
    onReleased: {
        dragging = false
        const set = draggingReference ? controller.setReferenceRegion : controller.setCystRegion
        if (dragRect.width < 8 || dragRect.height < 8) {
            set(Qt.rect(0, 0, 0, 0))
            return
        }
        const a = toFrame(dragRect.x, dragRect.y)
        const b = toFrame(dragRect.x + dragRect.width, dragRect.y + dragRect.height)
        set(Qt.rect(a.x, a.y, b.x - a.x, b.y - a.y))
    }

    Rectangle {
        objectName: "dragFrame"
        visible: selector.dragging
        x: selector.dragRect.x
        y: selector.dragRect.y
        width: selector.dragRect.width
        height: selector.dragRect.height
        color: "transparent"
        border.width: 2
        border.color: selector.draggingReference ? selector.controller.readout.referenceColour
                                                 : selector.controller.readout.regionColour
    }
    FrameRect {
        objectName: "cystRegionFrame"
        frameRect: selector.controller.cystRegion
        frameSize: selector.controller.videoSize
        contentRect: selector.contentRect
        border.color: selector.controller.readout.regionColour
    }
    FrameRect {
        objectName: "referenceRegionFrame"
        frameRect: selector.controller.referenceRegion
        frameSize: selector.controller.videoSize
        contentRect: selector.contentRect
        border.color: selector.controller.readout.referenceColour
    }
}
