#include "support/QuickItems.h"

namespace endoverlay::test {

QQuickItem* findItem(QQuickItem* root, const QString& name) {
  if (root->objectName() == name) return root;
  for (QQuickItem* child : root->childItems())
    if (QQuickItem* found = findItem(child, name)) return found;
  return nullptr;
}

QList<QQuickItem*> richTextItems(QQuickItem* root) {
  QList<QQuickItem*> found;
  // Buttons and fields draw their own labels and placeholders, with the app's words only.
  if (root->inherits("QQuickControl") || root->inherits("QQuickTextInput")) return found;
  // QQuickText's textFormat: 0 plain, 1 rich, 2 auto (rich when the text looks like it), 3 styled, 4 markdown.
  if (root->inherits("QQuickText") && root->property("textFormat").toInt() != 0) found << root;
  for (QQuickItem* child : root->childItems()) found << richTextItems(child);
  return found;
}

}  // namespace endoverlay::test
