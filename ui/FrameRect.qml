import QtQuick

// The outline of a rectangle given in frame pixels, over the picture that
// fills `contentRect` (VideoOutput.contentRect) at `frameSize`.
Rectangle {
    required property rect frameRect
    required property size frameSize
    required property rect contentRect
    readonly property real scaleX: frameSize.width > 0 ? contentRect.width / frameSize.width : 0
    readonly property real scaleY: frameSize.height > 0 ? contentRect.height / frameSize.height : 0

    visible: frameRect.width > 0 && scaleX > 0
    x: contentRect.x + frameRect.x * scaleX
    y: contentRect.y + frameRect.y * scaleY
    width: frameRect.width * scaleX
    height: frameRect.height * scaleY
    color: "transparent"
    border.width: 2
}
