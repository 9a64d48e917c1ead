#include "ui/RecordingLibraryModel.h"

namespace endoverlay {

void RecordingLibraryModel::setFolder(const QString& folder) {
  if (folder_ == folder) return;
  folder_ = folder;
  Q_EMIT folderChanged();
  refresh();
}

void RecordingLibraryModel::refresh() {
  beginResetModel();
  recordings_.clear();
  errorText_.clear();
  if (!folder_.isEmpty()) {
    try {
      recordings_ = scanRecordings(folder_.toStdString());
    } catch (const std::exception& e) {
      errorText_ = QString::fromUtf8(e.what());
    }
  }
  endResetModel();
  Q_EMIT refreshed();
}

int RecordingLibraryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant RecordingLibraryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= count()) return {};
  const RecordingSummary& r = recordings_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case VideoRole: return QString::fromStdString(r.video.string());
    case StartedRole: return QString::fromStdString(r.startedUtc);
    case DurationRole: {
      const int seconds = static_cast<int>(r.durationSeconds);
      return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    case ModeRole: return QString::fromStdString(r.mode);
    case ModelsRole: {
      QStringList models;
      for (const std::string& m : r.models) models << QString::fromStdString(m);
      return models.join(QStringLiteral(", "));
    }
    case WarningsRole: return r.warnings;
    case EventsRole: return r.events;
    case ReviewedRole: return r.reviewed;
    case ProblemRole: return QString::fromStdString(r.problem);
    default: return {};
  }
}

QHash<int, QByteArray> RecordingLibraryModel::roleNames() const {
  return {{VideoRole, "video"},     {StartedRole, "started"},   {DurationRole, "duration"},
          {ModeRole, "mode"},       {ModelsRole, "models"},     {WarningsRole, "warnings"},
          {EventsRole, "events"},   {ReviewedRole, "reviewed"}, {ProblemRole, "problem"}};
}

int RecordingLibraryModel::rowOf(const QString& video) const {
  for (std::size_t i = 0; i < recordings_.size(); ++i)
    if (QString::fromStdString(recordings_[i].video.string()) == video) return static_cast<int>(i);
  return -1;
}

void RecordingLibraryModel::setReviewed(const QString& video, bool reviewed) {
  const int row = rowOf(video);
  if (row < 0 || recordings_[static_cast<std::size_t>(row)].reviewed == reviewed) return;
  recordings_[static_cast<std::size_t>(row)].reviewed = reviewed;
  Q_EMIT dataChanged(index(row), index(row), {ReviewedRole});
}

}  // namespace endoverlay
