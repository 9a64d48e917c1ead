#pragma once

#include <QQuickItem>
#include <QString>

namespace endoverlay::test {

// An item by objectName through the visual tree: Repeater and ListView
// delegates have no QObject parent for findChild to search.
QQuickItem* findItem(QQuickItem* root, const QString& name);

// Every Text item under `root` whose text is not shown as plain text
// (controls' own labels, which hold the app's words, left aside).
QList<QQuickItem*> richTextItems(QQuickItem* root);

}  // namespace endoverlay::test
