import QtQuick

// Every text the windows show. Much of it comes from files (model cards,
// recordings, reviews, error messages naming files), so it is never read as
// rich text: a "<" in a note or a card name is shown, not interpreted.
Text {
    textFormat: Text.PlainText
}
