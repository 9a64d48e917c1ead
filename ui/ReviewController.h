#pragma once

#include <QObject>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <functional>
#include <thread>

#include "core/recording/ReviewFile.h"

namespace endoverlay {

// A QA reviewer's work on one recording (file: its STEM.mkv): the verdict on
// the AI and notes tied to frames, saved in STEM.review.json beside it on
// every change, never inside the recording; and the exports, written beside
// it too: a PNG of a frame, an annotated MP4 of the clip or a range, the
// HTML report. Exports run off the GUI thread, one at a time; statusText
// says what was written, or why not. A study's review (StudyController) is
// the same with file OUTPUT_FOLDER/STUDY_ID, notes tied to slices, and the
// study's own exports run through runExport.
class ReviewController : public QObject {
  Q_OBJECT
  QML_ELEMENT

  Q_PROPERTY(QString file READ file WRITE setFile NOTIFY fileChanged)
  Q_PROPERTY(VerdictChoice verdict READ verdict NOTIFY reviewChanged)
  Q_PROPERTY(QString verdictText READ verdictText NOTIFY reviewChanged)
  Q_PROPERTY(QVariantMap notes READ notes NOTIFY reviewChanged)
  Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
  Q_PROPERTY(bool statusIsProblem READ statusIsProblem NOTIFY statusChanged)
  Q_PROPERTY(bool busy READ busy NOTIFY statusChanged)

 public:
  // The verdict as QML compares it; verdictText is its wording.
  enum class VerdictChoice { NotReviewed, Agree, Disagree };
  Q_ENUM(VerdictChoice)

  explicit ReviewController(QObject* parent = nullptr) : QObject(parent) {}
  ~ReviewController() override;

  QString file() const { return file_; }
  void setFile(const QString& file);
  VerdictChoice verdict() const;
  // "agree", "disagree", or empty before the reviewer decides.
  QString verdictText() const;
  // Note texts by frame number (as text, for QML's map lookup).
  QVariantMap notes() const;
  QString statusText() const { return statusText_; }
  bool statusIsProblem() const { return statusIsProblem_; }
  bool busy() const { return busy_; }

  // NotReviewed is not a verdict one can give, and is ignored.
  Q_INVOKABLE void setVerdict(endoverlay::ReviewController::VerdictChoice verdict);
  // An empty text removes the note.
  Q_INVOKABLE void setNote(qint64 frame, const QString& text);

  // As PNG and MP4, or, with `dicom`, as DICOM secondary capture (STEM.frame-N.dcm, STEM.annotated*.dcm).
  Q_INVOKABLE void exportSnapshot(qint64 frame, bool dicom);
  // Frames `from` to `to`, inclusive; a negative `to` means the end.
  Q_INVOKABLE void exportClip(qint64 from, qint64 to, bool dicom);
  Q_INVOKABLE void writeReport();

  const Review& review() const { return review_; }
  // A study's region, kept with its review; none clears it.
  void setRegion(const std::optional<Box>& region);
  // Runs `job` (returns the message to show) on the export thread, unless one is running.
  void runExport(std::function<QString()> job);

 Q_SIGNALS:
  void fileChanged();
  void reviewChanged();
  void statusChanged();

 private:
  // Applies `edit` to the review on disk and saves it; on failure only to the one shown, with the reason.
  void save(const std::function<void(Review&)>& edit);
  void finishExport(const QString& message, bool problem);
  void setStatus(const QString& text, bool problem = false);
  std::filesystem::path beside(const std::string& suffix) const;

  QString file_;
  Review review_;
  QString statusText_;
  bool statusIsProblem_ = false;
  bool busy_ = false;
  std::thread exporter_;
};

}  // namespace endoverlay
