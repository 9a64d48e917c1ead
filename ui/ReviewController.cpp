#include "ui/ReviewController.h"

#include <QMetaObject>

#include <algorithm>
#include <cstdio>

#include "core/SidecarFile.h"
#include "pipeline/AnnotatedExport.h"
#include "pipeline/RecordingReport.h"

namespace endoverlay {
namespace {

QString pathText(const std::filesystem::path& path) { return QString::fromStdString(path.string()); }

}  // namespace

ReviewController::~ReviewController() {
  if (exporter_.joinable()) exporter_.join();
}

void ReviewController::setFile(const QString& file) {
  if (file_ == file) return;
  file_ = file;
  review_ = {};
  setStatus({});
  if (!file_.isEmpty()) {
    try {
      review_ = Review::load(reviewPathFor(file_.toStdString()));
    } catch (const std::exception& e) {
      setStatus(QStringLiteral("Review not loaded: %1").arg(QString::fromUtf8(e.what())), true);
    }
  }
  Q_EMIT fileChanged();
  Q_EMIT reviewChanged();
}

QString ReviewController::verdict() const {
  return review_.verdict ? QString::fromStdString(toString(*review_.verdict)) : QString();
}

void ReviewController::setVerdict(const QString& verdict) {
  if (verdict == QLatin1String("agree")) review_.verdict = Verdict::Agree;
  else if (verdict == QLatin1String("disagree")) review_.verdict = Verdict::Disagree;
  else return;
  save();
}

QVariantMap ReviewController::notes() const {
  QVariantMap notes;
  for (const EventNote& note : review_.notes) notes.insert(QString::number(note.frame), QString::fromStdString(note.text));
  return notes;
}

QString ReviewController::noteAt(qint64 frame) const {
  for (const EventNote& note : review_.notes)
    if (note.frame == frame) return QString::fromStdString(note.text);
  return {};
}

void ReviewController::setNote(qint64 frame, const QString& typed) {
  // One line of plain text: a pasted tab or line break becomes a space.
  const QString text = typed.simplified();
  if (noteAt(frame) == text) return;
  auto& notes = review_.notes;
  notes.erase(std::remove_if(notes.begin(), notes.end(), [frame](const EventNote& n) { return n.frame == frame; }), notes.end());
  if (!text.isEmpty()) {
    notes.push_back({frame, text.toStdString()});
    std::sort(notes.begin(), notes.end(), [](const EventNote& a, const EventNote& b) { return a.frame < b.frame; });
  }
  save();
}

void ReviewController::save() {
  if (file_.isEmpty()) return;
  const std::filesystem::path path = reviewPathFor(file_.toStdString());
  try {
    review_.save(path);
    setStatus(QStringLiteral("Review saved: %1").arg(pathText(path.filename())));
  } catch (const std::exception& e) {
    setStatus(QStringLiteral("Review NOT saved: %1").arg(QString::fromUtf8(e.what())), true);
  }
  Q_EMIT reviewChanged();
}

std::filesystem::path ReviewController::beside(const std::string& suffix) const {
  const std::filesystem::path video = file_.toStdString();
  return video.parent_path() / (video.stem().string() + suffix);
}

void ReviewController::exportSnapshot(qint64 frame) {
  const std::filesystem::path video = file_.toStdString();
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".frame-%06lld.png", static_cast<long long>(frame));
  const std::filesystem::path png = beside(suffix);
  runExport([video, png, frame] {
    exportAnnotatedPng(video, SidecarFile::load(sidecarPathFor(video)), frame, png);
    return QStringLiteral("Saved %1").arg(pathText(png));
  });
}

void ReviewController::exportClip(qint64 from, qint64 to) {
  const std::filesystem::path video = file_.toStdString();
  const std::filesystem::path mp4 =
      beside(to < 0 && from <= 0 ? ".annotated.mp4" : ".annotated-" + std::to_string(from) + "-" + std::to_string(to) + ".mp4");
  runExport([video, mp4, from, to] {
    const std::int64_t frames = exportAnnotatedMp4(video, SidecarFile::load(sidecarPathFor(video)), from, to, mp4);
    return QStringLiteral("Saved %1 (%2 frames)").arg(pathText(mp4)).arg(frames);
  });
}

void ReviewController::writeReport() {
  const std::filesystem::path video = file_.toStdString();
  const std::filesystem::path html = beside(".report.html");
  runExport([video, html] {
    const std::size_t events = writeRecordingReport(video, html);
    return QStringLiteral("Saved %1 (%2 events)").arg(pathText(html)).arg(events);
  });
}

void ReviewController::runExport(std::function<QString()> job) {
  if (busy_ || file_.isEmpty()) return;
  if (exporter_.joinable()) exporter_.join();
  busy_ = true;
  setStatus(QStringLiteral("Exporting…"));
  exporter_ = std::thread([this, job = std::move(job)] {
    QString message;
    bool problem = false;
    try {
      message = job();
    } catch (const std::exception& e) {
      message = QStringLiteral("Export failed: %1").arg(QString::fromUtf8(e.what()));
      problem = true;
    }
    QMetaObject::invokeMethod(this, [this, message, problem] { finishExport(message, problem); }, Qt::QueuedConnection);
  });
}

void ReviewController::finishExport(const QString& message, bool problem) {
  busy_ = false;
  setStatus(message, problem);
}

void ReviewController::setStatus(const QString& text, bool problem) {
  statusText_ = text;
  statusIsProblem_ = problem;
  Q_EMIT statusChanged();
}

}  // namespace endoverlay
