#include "ui/OverlayReadout.h"

#include <QStringList>

#include "core/readout/ReadoutStyle.h"
#include "ui/HeatmapImage.h"

namespace endoverlay {
namespace {

// The head whose Grad-CAM is drawn: the one whose badge or warning is shown (the first of them), and only
// when it has a map, so a map is never shown beside another model's reading (the liver MRI's whole-slice
// comparison while the segmented model, with no liver found, reads nothing).
const HeadOutput* explainedHeadOf(const InferenceResult& result) {
  for (const HeadOutput& head : result.heads)
    if (head.readout == ReadoutKind::ClassBadge || head.readout == ReadoutKind::TrafficLight)
      return head.explanation ? &head : nullptr;
  return nullptr;
}

QColor toQColor(const Rgb& colour) { return QColor(colour.r, colour.g, colour.b); }

QString words(const std::string& text) { return QString::fromStdString(inWords(text)); }

}  // namespace

void OverlayReadout::show(InferenceResult result, Images images) {
  extendCurve(result);
  result_ = std::move(result);
  images_ = std::move(images);
  Q_EMIT changed();
}

void OverlayReadout::clear() {
  result_.reset();
  images_ = {};
  setCurve({});
  Q_EMIT changed();
}

void OverlayReadout::setCurve(TimeIntensityCurve curve) {
  curve_ = std::move(curve);
  ++curveRevision_;
}

void OverlayReadout::extendCurve(const InferenceResult& result) {
  if (curve_.add(result)) ++curveRevision_;
}

void OverlayReadout::setFade(double fade) {
  if (qFuzzyCompare(fade_ + 1.0, fade + 1.0)) return;
  fade_ = fade;
  Q_EMIT changed();
}

void OverlayReadout::setExplanations(bool on) {
  if (explanations_ == on) return;
  explanations_ = on;
  Q_EMIT changed();
}

OverlayReadout::Images OverlayReadout::imagesOf(const InferenceResult& result) {
  Images images;
  for (const HeadOutput& head : result.heads)
    images.heatmaps.push_back(head.readout != ReadoutKind::HeatmapBox || head.stable.mask.empty() ? QImage()
                                                                                                 : heatmapImage(head.stable.mask));
  if (const HeadOutput* head = explainedHeadOf(result)) images.explanation = heatmapImage(head->explanation->map);
  return images;
}

const HeadOutput* OverlayReadout::firstWith(ReadoutKind readout) const {
  if (!result_) return nullptr;
  const auto heads = result_->headsWith(readout);
  return heads.empty() ? nullptr : heads.front();
}

const HeadOutput* OverlayReadout::explainedHead() const { return result_ ? explainedHeadOf(*result_) : nullptr; }

QString OverlayReadout::invalidText() const {
  if (!result_ || !result_->anyInvalid()) return {};
  QStringList heads;
  for (const HeadOutput& head : result_->heads)
    if (head.invalid) heads << words(head.id);
  return QStringLiteral("model output invalid: %1").arg(heads.join(QStringLiteral(", ")));
}

std::vector<OverlayReadout::DrawnDetection> OverlayReadout::detections() const {
  std::vector<DrawnDetection> drawn;
  if (!result_) return drawn;
  for (std::size_t i = 0; i < result_->heads.size(); ++i) {
    const HeadOutput& head = result_->heads[i];
    if (head.readout != ReadoutKind::HeatmapBox || !head.detectionShown()) continue;
    const Detection& d = *head.stable.detection;
    drawn.push_back({QRectF(d.box.x, d.box.y, d.box.width, d.box.height), QPointF(d.centroidX, d.centroidY),
                     i < images_.heatmaps.size() ? images_.heatmaps[i] : QImage()});
  }
  return drawn;
}

bool OverlayReadout::detectionShown() const { return !detections().empty(); }

std::vector<QPolygonF> OverlayReadout::segmentationOutlines() const {
  std::vector<QPolygonF> outlines;
  if (!result_) return outlines;
  for (const HeadOutput* head : result_->headsWith(ReadoutKind::Segmentation)) {
    if (!head->stable.segmentation) continue;
    for (const auto& outline : head->stable.segmentation->outlines) {
      QPolygonF polygon;
      for (const cv::Point2d& p : outline) polygon << QPointF(p.x, p.y);
      outlines.push_back(polygon);
    }
  }
  return outlines;
}

QRectF OverlayReadout::box() const {
  const auto drawn = detections();
  return drawn.empty() ? QRectF() : drawn.front().box;
}

QPointF OverlayReadout::centroid() const {
  const auto drawn = detections();
  return drawn.empty() ? QPointF() : drawn.front().centroid;
}

QImage OverlayReadout::heatmap() const {
  const auto drawn = detections();
  return drawn.empty() ? QImage() : drawn.front().heatmap;
}

QSize OverlayReadout::frameSize() const {
  return result_ ? QSize(result_->frameSize.width, result_->frameSize.height) : QSize();
}

OverlayReadout::Light OverlayReadout::trafficLight() const {
  const HeadOutput* head = firstWith(ReadoutKind::TrafficLight);
  if (!head) return Light::Off;
  switch (head->stable.light) {
    case TrafficLight::Off: return Light::Off;
    case TrafficLight::Green: return Light::Green;
    case TrafficLight::Amber: return Light::Amber;
    case TrafficLight::Red: return Light::Red;
  }
  return Light::Off;
}

double OverlayReadout::warningProbability() const {
  const HeadOutput* head = firstWith(ReadoutKind::TrafficLight);
  return head && head->stable.groupProbability ? *head->stable.groupProbability : 0.0;
}

QVariantList OverlayReadout::warningBreakdown() const {
  QVariantList rows;
  const HeadOutput* head = firstWith(ReadoutKind::TrafficLight);
  if (!head || !head->stable.probabilities) return rows;
  const ClassProbabilities& p = *head->stable.probabilities;
  for (std::size_t i = 0; i < p.labels.size(); ++i)
    rows.append(QVariantMap{{QStringLiteral("label"), words(p.labels[i])}, {QStringLiteral("probability"), p.values[i]}});
  return rows;
}

QString OverlayReadout::badgeName() const {
  const HeadOutput* head = firstWith(ReadoutKind::ClassBadge);
  return head ? words(head->id) : QString();
}

QString OverlayReadout::badgeLabel() const {
  const HeadOutput* head = firstWith(ReadoutKind::ClassBadge);
  return head && head->stable.label ? QString::fromStdString(*head->stable.label) : QString();
}

bool OverlayReadout::badgeReading() const {
  const HeadOutput* head = firstWith(ReadoutKind::ClassBadge);
  return head && head->stable.probabilities.has_value();
}

double OverlayReadout::badgeProbability() const {
  const HeadOutput* head = firstWith(ReadoutKind::ClassBadge);
  if (!head || !head->stable.probabilities) return 0.0;
  const ClassProbabilities& p = *head->stable.probabilities;
  if (head->stable.label) return p.of(*head->stable.label);
  return p.values.empty() ? 0.0 : p.values.at(p.top());
}

QString OverlayReadout::warningText() const {
  return QString::fromStdString(endoverlay::difficultyText(warningProbability()));
}

QString OverlayReadout::badgeText() const {
  const HeadOutput* head = firstWith(ReadoutKind::ClassBadge);
  return head && head->stable.label ? QString::fromStdString(classText(*head->stable.label, badgeProbability())) : QString();
}

QColor OverlayReadout::badgeColour() const {
  const HeadOutput* head = firstWith(ReadoutKind::ClassBadge);
  if (!head || !head->stable.label || !head->stable.probabilities) return {};
  return toQColor(classBadgeColour(head->stable.probabilities->labels, *head->stable.label));
}

QString OverlayReadout::phaseText() const {
  if (!result_ || !result_->contrast) return {};
  return QString::fromStdString(endoverlay::phaseText(*result_->contrast, result_->secondsSinceInjection()));
}

namespace {

QRectF toRect(const std::optional<Box>& box) { return box ? QRectF(box->x, box->y, box->width, box->height) : QRectF(); }

}  // namespace

QRectF OverlayReadout::contrastRegion() const {
  return result_ && result_->contrast ? toRect(result_->contrast->region) : QRectF();
}

QRectF OverlayReadout::contrastReference() const {
  return result_ && result_->contrast ? toRect(result_->contrast->reference) : QRectF();
}

QColor OverlayReadout::regionColour() const { return toQColor(endoverlay::regionColour()); }

QColor OverlayReadout::referenceColour() const { return toQColor(endoverlay::referenceColour()); }

QString OverlayReadout::notice() const { return QString::fromLatin1(kNotForClinicalUse); }

QColor OverlayReadout::noticeColour() const { return toQColor(endoverlay::noticeColour()); }

QColor OverlayReadout::lampColour(Light light) const {
  switch (light) {
    case Light::Green: return toQColor(endoverlay::lampColour(TrafficLight::Green));
    case Light::Amber: return toQColor(endoverlay::lampColour(TrafficLight::Amber));
    case Light::Red: return toQColor(endoverlay::lampColour(TrafficLight::Red));
    case Light::Off: break;
  }
  return toQColor(endoverlay::lampColour(TrafficLight::Off));
}

QRectF OverlayReadout::explanationRegion() const {
  const HeadOutput* head = explanations_ ? explainedHead() : nullptr;
  if (!head) return {};
  const Box& r = head->explanation->region;
  return {r.x, r.y, r.width, r.height};
}

QString OverlayReadout::explanationLabel() const {
  const HeadOutput* head = explanations_ ? explainedHead() : nullptr;
  return head ? words(head->explanation->label) : QString();
}

}  // namespace endoverlay
