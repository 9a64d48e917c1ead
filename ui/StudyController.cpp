#include "ui/StudyController.h"

#include <QDir>

#include <algorithm>


#include "core/Version.h"
#include "core/analysis/InferenceStage.h"
#include "core/dicom/DicomCine.h"
#include "core/dicom/DicomExport.h"
#include "core/dicom/DicomStudy.h"
#include "core/dicom/StudyFrames.h"
#include "core/model/ModelCard.h"
#include "core/protocol/ProtocolDirectory.h"
#include "core/readout/StudyPicture.h"
#include "core/support/Logging.h"
#include "core/support/SiteKey.h"
#include "ui/WindowAnalysisSetup.h"

namespace endoverlay {
namespace {

QString presetName(StudyController::Preset preset) {
  return preset == StudyController::Preset::Abdomen ? QObject::tr("abdomen") : QObject::tr("kidney");
}

WindowPreset toWindowPreset(StudyController::Preset preset) {
  return preset == StudyController::Preset::Abdomen ? WindowPreset::Abdomen : WindowPreset::Kidney;
}

// The protocol a study opens in: the one named, which must read studies, or the first study protocol the
// study can serve. Throws std::invalid_argument saying why none will do.
const Protocol& protocolFor(const std::vector<Protocol>& protocols, const std::string& mode, const DicomStudy& study) {
  if (!mode.empty()) {
    const Protocol& named = findProtocol(protocols, mode);
    if (!named.study) throw std::invalid_argument("mode " + mode + " reads video, not a CT or MR study");
    return named;
  }
  std::string why;
  for (const Protocol& protocol : protocols) {
    if (!protocol.study) continue;
    try {
      StudyFrames(study.series(), *protocol.study);
      return protocol;
    } catch (const DicomError& e) {
      why += (why.empty() ? "" : "; ") + protocol.id + ": the study " + e.what();
    }
  }
  throw std::invalid_argument("no mode reads this study (" + why + ")");
}

}  // namespace

StudyController::StudyController(QObject* parent) : QObject(parent), review_(new ReviewController(this)) {}

// The review's export thread reads this study; it ends before the study goes.
StudyController::~StudyController() { delete review_; }

void StudyController::componentComplete() {
  try {
    open();
  } catch (const std::exception& e) {
    errorText_ = QString::fromUtf8(e.what());
    moduleLogger("ui")->error("the study cannot be opened: {}", e.what());
  }
  Q_EMIT studyChanged();
  Q_EMIT errorChanged();
  Q_EMIT sliceChanged();
  Q_EMIT picturesChanged();
  Q_EMIT resultChanged();
}

// Everything is built first and kept only when all of it works, so a study that cannot be opened leaves
// nothing half set up for the keys to reach.
void StudyController::open() {
  AnalysisSetup setup =
      windowAnalysisSetup(protocolsDirectory_, modelsDirectory_, chosenModels_, device_, cpuThreads_, QString());
  const std::vector<Protocol> protocols = setup.protocols();
  std::unique_ptr<DicomStudy> dicom;
  try {
    dicom = std::make_unique<DicomStudy>(study_.toStdString());
  } catch (const DicomError& e) {
    throw std::runtime_error(std::string("the study cannot be read: it ") + e.what());
  }
  QStringList notices;
  for (const std::string& notice : dicom->notices()) notices << QString::fromStdString(notice);
  notices_ = notices;  // shown even when no mode can read the study
  const Protocol& protocol = protocolFor(protocols, mode_.toStdString(), *dicom);
  const StudyLayout& layout = *protocol.study;
  std::unique_ptr<StudyFrames> frames;
  try {
    frames = std::make_unique<StudyFrames>(dicom->series(), layout);
  } catch (const DicomError& e) {
    throw std::runtime_error("mode " + protocol.id + " cannot read this study: it " + e.what());
  }
  std::unique_ptr<InferenceStage> stage = setup.makeStage(protocol.id);
  stage->setExplanations(explanations_);
  for (const std::string& notice : frames->notices()) notices << QString::fromStdString(notice);
  StudyPanes panes(protocol);
  QStringList names;
  std::vector<std::unique_ptr<OverlayReadout>> readouts;
  for (std::size_t i = 0; i < panes.size(); ++i) {
    names << QString::fromStdString(panes.names()[i]);
    readouts.push_back(std::make_unique<OverlayReadout>(this));
    readouts.back()->setExplanations(explanations_);
    for (const std::string& warning : frames->series()[i]->warnings())
      notices << tr("%1 series: %2").arg(names.back(), QString::fromStdString(warning));
  }
  QString studyId;
  try {
    studyId = QString::fromStdString(dicom->opaqueId(siteKeyIn(recordingsFolderOr(outputFolder_).toStdString())));
  } catch (const std::exception& e) {
    notices << tr("No review or export can be kept: %1").arg(QString::fromUtf8(e.what()));
  }
  window_ = frames->initialWindow();
  if (layout.modality == StudyModality::Ct) windowName_ = presetName(Preset::Abdomen);
  const int middle = frames->series().front()->sliceCount() / 2;
  Frame frame = frames->frameAt(0, middle, window_);

  setup_ = std::move(setup);
  dicom_ = std::move(dicom);
  frames_ = std::move(frames);
  stage_ = std::move(stage);
  studyPanes_ = std::move(panes);
  paneReadouts_ = std::move(readouts);
  paneNames_ = names;
  notices_ = notices;
  studyId_ = studyId;
  modeName_ = QString::fromStdString(protocol.name);
  presetsApply_ = layout.modality == StudyModality::Ct;
  sliceIndex_ = middle;
  frame_ = std::move(frame);
  if (!studyId_.isEmpty()) {
    review_->setFile(QString::fromStdString((outputs().folder / studyId_.toStdString()).string()));
    const std::optional<Box> saved = review_->review().region;
    if (saved && takesRegion()) region_ = QRectF(saved->x, saved->y, saved->width, saved->height);
  }
  paintPanes();
  analyse();
}

void StudyController::analyse() {
  if (!stage_) return;
  result_.reset();
  try {
    stage_->setUserRegion(regionBox());
    result_ = stage_->analyze(frame_);
    errorText_.clear();
  } catch (const std::exception& e) {
    errorText_ = QString::fromUtf8(e.what());
    for (const auto& pane : paneReadouts_) pane->clear();  // nothing shown that is not of this slice
  }
  if (result_) {
    std::vector<InferenceResult> shown = studyPanes_->split(*result_);
    for (std::size_t pane = 0; pane < paneReadouts_.size(); ++pane) {
      OverlayReadout::Images images = OverlayReadout::imagesOf(shown[pane]);
      paneReadouts_[pane]->show(std::move(shown[pane]), std::move(images));
    }
  }
  Q_EMIT errorChanged();
  Q_EMIT resultChanged();
}

std::optional<Box> StudyController::regionBox() const {
  if (!region_) return std::nullopt;
  return Box{region_->x(), region_->y(), region_->width(), region_->height()};
}

StudyOutputs StudyController::outputs() const {
  return {recordingsFolderOr(outputFolder_).toStdString(), studyId_.toStdString()};
}

void StudyController::paintPanes() {
  paneImages_.clear();
  for (const cv::Mat& values : frame_.seriesValues) {
    if (values.empty()) {  // this series has no slice here
      paneImages_ << QImage();
      continue;
    }
    const cv::Mat grey = window_.apply(values);
    paneImages_ << QImage(grey.data, grey.cols, grey.rows, static_cast<qsizetype>(grey.step), QImage::Format_Grayscale8).copy();
  }
  Q_EMIT picturesChanged();
}

int StudyController::sliceCount() const { return frames_ ? frames_->series().front()->sliceCount() : 0; }

QString StudyController::positionText() const {
  if (!frames_) return {};
  return tr("slice %1 of %2 · %3 mm")
      .arg(sliceIndex_ + 1)
      .arg(sliceCount())
      .arg(frames_->series().front()->slicePositionMm(sliceIndex_), 0, 'f', 1);
}

QString StudyController::windowText() const {
  const QString numbers = tr("W %1 / L %2").arg(window_.width, 0, 'f', 0).arg(window_.centre, 0, 'f', 0);
  return windowName_ ? tr("%1 (%2)").arg(numbers, *windowName_) : numbers;
}

QString StudyController::invalidText() const {
  for (const auto& pane : paneReadouts_)
    if (!pane->invalidText().isEmpty()) return pane->invalidText();
  return {};
}

QSize StudyController::videoSize() const {
  return frames_ ? QSize(frames_->series().front()->width(), frames_->series().front()->height()) : QSize();
}

bool StudyController::takesRegion() const { return stage_ && stage_->protocol().takesRegion(); }

QRectF StudyController::cystRegion() const { return region_.value_or(QRectF()); }

void StudyController::setExplanations(bool on) {
  if (on == explanations_) return;
  explanations_ = on;
  for (const auto& pane : paneReadouts_) pane->setExplanations(on);
  if (stage_) {
    stage_->setExplanations(on);
    analyse();
  }
  Q_EMIT explanationsChanged();
}

OverlayReadout* StudyController::paneReadout(int pane) {
  if (pane < 0 || pane >= static_cast<int>(paneReadouts_.size())) return &none_;
  return paneReadouts_[static_cast<std::size_t>(pane)].get();
}

void StudyController::step(int slices) {
  if (!stage_) return;
  const int next = std::clamp(sliceIndex_ + slices, 0, sliceCount() - 1);
  if (next == sliceIndex_) return;
  try {
    frame_ = frames_->frameAt(0, next, window_);
  } catch (const std::exception& e) {  // a slice that cannot be decoded: the one shown stays, and says why
    errorText_ = QString::fromUtf8(e.what());
    Q_EMIT errorChanged();
    return;
  }
  sliceIndex_ = next;
  Q_EMIT sliceChanged();
  paintPanes();
  analyse();
}

void StudyController::setPreset(Preset preset) {
  if (!presetsApply_) return;
  window_ = WindowLevel::preset(toWindowPreset(preset));
  windowName_ = presetName(preset);
  paintPanes();
}

void StudyController::dragWindow(double dx, double dy, double side) {
  if (!stage_ || !(side > 0)) return;
  window_ = window_.dragged(dx, dy, side);
  windowName_.reset();
  paintPanes();
}

void StudyController::setCystRegion(const QRectF& region) {
  if (!stage_ || !takesRegion()) return;
  region_ = region.isEmpty() ? std::nullopt : std::optional<QRectF>(region);
  Q_EMIT cystRegionChanged();
  analyse();
  review_->setRegion(regionBox());
}

void StudyController::exportSlice(bool dicom) {
  if (!stage_ || studyId_.isEmpty()) return;
  const std::string id = studyId_.toStdString();
  const double position = frames_->series().front()->slicePositionMm(sliceIndex_);
  const cv::Mat picture = paintStudyView(studyViewAt(frame_, *studyPanes_, result_ ? &*result_ : nullptr, window_, regionBox(),
                                                     studyCaption(id, sliceIndex_, sliceCount(), position, window_)));
  const std::filesystem::path out = outputs().slicePicture(sliceIndex_, dicom);
  const DicomExportIdentity identity{id, "Endoverlay study, slice " + std::to_string(sliceIndex_ + 1) + ", overlay burned in",
                                     kAppVersion};
  review_->runExport([out, picture, identity, dicom] {
    writeSnapshot(out, picture, dicom ? SnapshotFormat::Dicom : SnapshotFormat::Png, identity);
    return tr("Saved %1").arg(QString::fromStdString(out.string()));
  });
}

void StudyController::writeReport() {
  if (!stage_ || studyId_.isEmpty()) return;
  std::vector<std::string> notices;
  for (const QString& notice : notices_) notices.push_back(notice.toStdString());
  StudyReportInput input{studyId_.toStdString(), modeName_.toStdString(), frames_.get(), nullptr, &*studyPanes_,
                         review_->review(),      window_,                sliceIndex_,   std::move(notices)};
  const std::filesystem::path html = outputs().report();
  review_->runExport([input = std::move(input), html, setup = setup_, protocolId = stage_->protocol().id]() mutable {
    // The report's own stage, so the window's keeps answering while every slice is read again.
    const std::unique_ptr<InferenceStage> stage = setup.makeStage(protocolId);
    input.stage = stage.get();
    const std::size_t slices = writeStudyReport(input, html);
    return tr("Saved %1 (%2 slices)").arg(QString::fromStdString(html.string())).arg(slices);
  });
}

}  // namespace endoverlay
