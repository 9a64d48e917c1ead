#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

#include "core/recording/RecordingLibrary.h"

namespace endoverlay {

// The QA library: every recording in a folder (scanRecordings), newest
// first, with its date, duration, mode, model versions, number of
// difficulty warnings, whether it has been reviewed, and any problem.
class RecordingLibraryModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT

  Q_PROPERTY(QString folder READ folder WRITE setFolder NOTIFY folderChanged)
  Q_PROPERTY(QString errorText READ errorText NOTIFY refreshed)
  Q_PROPERTY(int count READ count NOTIFY refreshed)

 public:
  enum Role { VideoRole = Qt::UserRole + 1, StartedRole, DurationRole, ModeRole, ModelsRole, WarningsRole, EventsRole,
              ReviewedRole, ProblemRole };

  explicit RecordingLibraryModel(QObject* parent = nullptr) : QAbstractListModel(parent) {}

  QString folder() const { return folder_; }
  void setFolder(const QString& folder);
  QString errorText() const { return errorText_; }
  int count() const { return static_cast<int>(recordings_.size()); }

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  // Reads the folder again (new recordings, reviews saved since).
  Q_INVOKABLE void refresh();
  // The row of `video`, or -1.
  Q_INVOKABLE int rowOf(const QString& video) const;
  // A review of `video` was saved: its row says so without reading the folder again.
  Q_INVOKABLE void setReviewed(const QString& video, bool reviewed);

 Q_SIGNALS:
  void folderChanged();
  void refreshed();

 private:
  QString folder_;
  QString errorText_;
  std::vector<RecordingSummary> recordings_;
};

}  // namespace endoverlay
