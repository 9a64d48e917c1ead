import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Endoverlay

// The reviewer's verdict on the AI, for a recording or a study: agree, disagree, and what was chosen.
ColumnLayout {
    id: chooser

    required property ReviewController review
    property bool canChoose: true

    spacing: 8

    RowLayout {
        spacing: 6
        Button {
            objectName: "agreeButton"
            text: qsTr("Agree with AI")
            highlighted: chooser.review.verdict === ReviewController.VerdictChoice.Agree
            enabled: chooser.canChoose
            onClicked: chooser.review.setVerdict(ReviewController.VerdictChoice.Agree)
        }
        Button {
            objectName: "disagreeButton"
            text: qsTr("Disagree")
            highlighted: chooser.review.verdict === ReviewController.VerdictChoice.Disagree
            enabled: chooser.canChoose
            onClicked: chooser.review.setVerdict(ReviewController.VerdictChoice.Disagree)
        }
    }
    PlainText {
        objectName: "verdictLabel"
        color: chooser.review.verdict === ReviewController.VerdictChoice.NotReviewed ? "#ffcc80" : "#a5d6a7"
        text: chooser.review.verdict === ReviewController.VerdictChoice.NotReviewed ? qsTr("not reviewed yet") : qsTr("verdict: %1").arg(chooser.review.verdictText)
    }
}
