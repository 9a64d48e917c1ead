#include "ui/OverlayReadout.h"

#include <QStringList>

#include "core/ReadoutStyle.h"

namespace endoverlay {
namespace {

QColor toQColor(const Rgb& colour) { return QColor(colour.r, colour.g, colour.b); }

}  // namespace

void OverlayReadout::show(InferenceResult result, Images images) {
  result_ = std::move(result);
  images_ = std::move(images);
  Q_EMIT changed();
}

void OverlayReadout::clear() {
  result_.reset();
  images_ = {};
  Q_EMIT changed();
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

QString OverlayReadout::invalidText() const {
  if (!result_ || result_->invalidOutputs.empty()) return {};
  QStringList heads;
  for (const ModelTask task : result_->invalidOutputs) {
    switch (task) {
      case ModelTask::AmpullaSoftMask: heads << QStringLiteral("ampulla"); break;
      case ModelTask::CannulationDifficulty: heads << QStringLiteral("cannulation difficulty"); break;
      case ModelTask::CystType: heads << QStringLiteral("cyst type"); break;
    }
  }
  return QStringLiteral("model output invalid: %1").arg(heads.join(QStringLiteral(", ")));
}

bool OverlayReadout::detectionShown() const {
  return result_ && result_->stable.ampulla && result_->stable.ampulla->score >= result_->displayThreshold;
}

QRectF OverlayReadout::box() const {
  if (!result_ || !result_->stable.ampulla) return {};
  const Box& b = result_->stable.ampulla->box;
  return {b.x, b.y, b.width, b.height};
}

QPointF OverlayReadout::centroid() const {
  if (!result_ || !result_->stable.ampulla) return {};
  return {result_->stable.ampulla->centroidX, result_->stable.ampulla->centroidY};
}

QSize OverlayReadout::frameSize() const {
  return result_ ? QSize(result_->frameSize.width, result_->frameSize.height) : QSize();
}

OverlayReadout::Light OverlayReadout::trafficLight() const {
  if (!result_) return Light::Off;
  switch (result_->stable.light) {
    case TrafficLight::Off: return Light::Off;
    case TrafficLight::Green: return Light::Green;
    case TrafficLight::Amber: return Light::Amber;
    case TrafficLight::Red: return Light::Red;
  }
  return Light::Off;
}

double OverlayReadout::difficultProbability() const {
  return result_ && result_->stable.difficultProbability ? *result_->stable.difficultProbability : 0.0;
}

QVariantList OverlayReadout::difficultyBreakdown() const {
  QVariantList rows;
  if (!result_ || !result_->stable.difficulty) return rows;
  const ClassProbabilities& p = *result_->stable.difficulty;
  for (std::size_t i = 0; i < p.labels.size(); ++i)
    rows.append(QVariantMap{{QStringLiteral("label"), QString::fromStdString(p.labels[i]).replace(QLatin1Char('_'), QLatin1Char(' '))},
                            {QStringLiteral("probability"), p.values[i]}});
  return rows;
}

QString OverlayReadout::cystLabel() const {
  return result_ && result_->stable.cystLabel ? QString::fromStdString(*result_->stable.cystLabel) : QString();
}

double OverlayReadout::cystProbability() const {
  if (!result_ || !result_->stable.cystType) return 0.0;
  const ClassProbabilities& p = *result_->stable.cystType;
  if (result_->stable.cystLabel) return p.of(*result_->stable.cystLabel);
  return p.values.empty() ? 0.0 : p.values.at(p.top());
}

QString OverlayReadout::difficultyText() const {
  return QString::fromStdString(endoverlay::difficultyText(difficultProbability()));
}

QString OverlayReadout::cystText() const {
  return result_ && result_->stable.cystLabel ? QString::fromStdString(classText(*result_->stable.cystLabel, cystProbability()))
                                              : QString();
}

QColor OverlayReadout::cystColour() const {
  if (!result_ || !result_->stable.cystLabel || !result_->stable.cystType) return {};
  return toQColor(classBadgeColour(result_->stable.cystType->labels, *result_->stable.cystLabel));
}

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
  if (!explanations_ || !result_ || !result_->explanation) return {};
  const Box& r = result_->explanation->region;
  return {r.x, r.y, r.width, r.height};
}

QString OverlayReadout::explanationLabel() const {
  if (!explanations_ || !result_ || !result_->explanation) return {};
  return QString::fromStdString(result_->explanation->label).replace(QLatin1Char('_'), QLatin1Char(' '));
}

}  // namespace endoverlay
