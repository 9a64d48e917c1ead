#include "core/evaluation/LocalisationMetrics.h"

#include <algorithm>
#include <cmath>

namespace endoverlay {
namespace {

template <typename Value>
double mean(const std::vector<LocalisationScores>& frames, Value value) {
  if (frames.empty()) return 0;
  double sum = 0;
  for (const auto& f : frames) sum += value(f);
  return sum / static_cast<double>(frames.size());
}

}  // namespace

double intersectionArea(const Box& a, const Box& b) {
  const double w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
  const double h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  return std::max(w, 0.0) * std::max(h, 0.0);
}

double intersectionOverUnion(const Box& a, const Box& b) {
  const double inter = intersectionArea(a, b);
  const double united = a.width * a.height + b.width * b.height - inter;
  return united > 0 ? inter / united : 0.0;
}

LocalisationScores scoreLocalisation(const std::optional<Box>& predicted, const Box& truth, cv::Size frame) {
  if (!predicted) return {};
  const Box& p = *predicted;
  const double inter = intersectionArea(p, truth);
  const double predictedArea = p.width * p.height;
  const double truthArea = truth.width * truth.height;
  LocalisationScores scores;
  scores.iou = intersectionOverUnion(p, truth);
  scores.precision = predictedArea > 0 ? inter / predictedArea : 0.0;
  scores.recall = truthArea > 0 ? inter / truthArea : 0.0;
  const double dx = std::abs((truth.x + truth.width / 2) - (p.x + p.width / 2));
  const double dy = std::abs((truth.y + truth.height / 2) - (p.y + p.height / 2));
  scores.centroidDistance = 0.5 * (dx / frame.width + dy / frame.height);
  return scores;
}

LocalisationSummary summariseLocalisation(const std::vector<LocalisationScores>& frames, std::size_t missed) {
  LocalisationSummary summary;
  summary.frames = frames.size();
  summary.missed = missed;
  summary.meanIou = mean(frames, [](const auto& f) { return f.iou; });
  summary.precision = mean(frames, [](const auto& f) { return f.precision; });
  summary.recall = mean(frames, [](const auto& f) { return f.recall; });
  summary.centroidDistance = mean(frames, [](const auto& f) { return f.centroidDistance; });
  for (int i = 0; i < 10; ++i) {
    const double t = i / 10.0;
    summary.successIou.emplace_back(t, mean(frames, [t](const auto& f) { return f.iou > t ? 1.0 : 0.0; }));
  }
  for (int i = 1; i <= 10; ++i) {
    const double t = i / 100.0;
    summary.successCentroid.emplace_back(
        t, mean(frames, [t](const auto& f) { return f.centroidDistance < t ? 1.0 : 0.0; }));
  }
  return summary;
}

}  // namespace endoverlay
