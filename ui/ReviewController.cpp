#include "ui/ReviewController.h"

#include <QMetaObject>

#include <algorithm>
#include <cstdio>

#include "core/support/GuardedThread.h"
#include "core/recording/SidecarFile.h"
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

ReviewController::VerdictChoice ReviewController::verdict() const {
  if (!review_.verdict) return VerdictChoice::NotReviewed;
  return *review_.verdict == Verdict::Agree ? VerdictChoice::Agree : VerdictChoice::Disagree;
}

QString ReviewController::verdictText() const {
  return review_.verdict ? QString::fromStdString(toString(*review_.verdict)) : QString();
}

void ReviewController::setVerdict(VerdictChoice verdict) {
  if (verdict == VerdictChoice::NotReviewed) return;
  const Verdict chosen = verdict == VerdictChoice::Agree ? Verdict::Agree : Verdict::Disagree;
  save([chosen](Review& review) { review.verdict = chosen; });
}

QVariantMap ReviewController::notes() const {
  QVariantMap notes;
  for (const EventNote& note : review_.notes) notes.insert(QString::number(note.frame), QString::fromStdString(note.text));
  return notes;
}

void ReviewController::setNote(qint64 frame, const QString& typed) {
  // One line of plain text: a pasted tab, line break or other control character becomes a space.
  QString plain = typed;
  for (QChar& c : plain)
    if (c.category() == QChar::Other_Control) c = QLatin1Char(' ');
  const std::string text = plain.simplified().toStdString();
  const std::string shown = review_.noteAt(frame);
  if (shown == text) return;
  bool bothKept = false;
  save([&](Review& review) {
    // Another window changed this note since this one showed it: keep its words and these.
    const std::string theirs = review.noteAt(frame);
    bothKept = theirs != shown && !theirs.empty() && !text.empty() && theirs != text;
    review.setNote(frame, bothKept ? theirs + " | " + text : text);
  });
  if (bothKept)
    setStatus(QStringLiteral("The note on frame %1 was also changed in another window: both texts were kept").arg(frame), true);
}

void ReviewController::setRegion(const std::optional<Box>& region) {
  const auto same = [](const std::optional<Box>& a, const std::optional<Box>& b) {
    return a.has_value() == b.has_value() &&
           (!a || (a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height));
  };
  if (same(region, review_.region)) return;
  save([&](Review& review) { review.region = region; });
}

void ReviewController::save(const std::function<void(Review&)>& edit) {
  if (file_.isEmpty()) return;
  const std::filesystem::path path = reviewPathFor(file_.toStdString());
  try {
    // Edits go to the review on disk, so what another window saved meanwhile stays.
    review_ = Review::update(path, edit);
    setStatus(QStringLiteral("Review saved: %1").arg(pathText(path.filename())));
  } catch (const std::exception& e) {
    edit(review_);
    setStatus(QStringLiteral("Review NOT saved: %1").arg(QString::fromUtf8(e.what())), true);
  }
  Q_EMIT reviewChanged();
}

std::filesystem::path ReviewController::beside(const std::string& suffix) const {
  const std::filesystem::path video = file_.toStdString();
  return video.parent_path() / (video.stem().string() + suffix);
}

void ReviewController::exportSnapshot(qint64 frame, bool dicom) {
  const std::filesystem::path video = file_.toStdString();
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".frame-%06lld.%s", static_cast<long long>(frame), dicom ? "dcm" : "png");
  const std::filesystem::path out = beside(suffix);
  runExport([video, out, frame, dicom] {
    exportAnnotatedFrame(video, SidecarFile::load(sidecarPathFor(video)), frame, out,
                         dicom ? SnapshotFormat::Dicom : SnapshotFormat::Png);
    return QStringLiteral("Saved %1").arg(pathText(out));
  });
}

void ReviewController::exportClip(qint64 from, qint64 to, bool dicom) {
  const std::filesystem::path video = file_.toStdString();
  const std::string range = to < 0 && from <= 0 ? "" : "-" + std::to_string(from) + "-" + std::to_string(to);
  const std::filesystem::path out = beside(".annotated" + range + (dicom ? ".dcm" : ".mp4"));
  runExport([video, out, from, to, dicom] {
    const std::int64_t frames = exportAnnotatedClip(video, SidecarFile::load(sidecarPathFor(video)), from, to, out,
                                                    dicom ? ClipFormat::Dicom : ClipFormat::Mp4);
    return QStringLiteral("Saved %1 (%2 frames)").arg(pathText(out)).arg(frames);
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
    const bool problem = !runGuarded("exporting", [&] { message = job(); }, [&](const std::string& reason) {
      message = QStringLiteral("Export failed: %1").arg(QString::fromStdString(reason));
    });
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
