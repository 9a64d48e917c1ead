#include "core/evaluation/ClassificationMetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace endoverlay {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t argmax(const std::vector<double>& values) {
  return static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

double meanOf(const std::vector<ClassScores>& perClass, double ClassScores::*field) {
  double sum = 0;
  for (const auto& c : perClass) sum += c.*field;
  return perClass.empty() ? 0.0 : sum / static_cast<double>(perClass.size());
}

Interval interval(const std::vector<double>& values) {
  if (values.empty()) return {kNaN, kNaN};
  return {percentile(values, 2.5), percentile(values, 97.5)};
}

}  // namespace

double binaryAuc(const std::vector<double>& positiveScores, const std::vector<double>& negativeScores) {
  if (positiveScores.empty() || negativeScores.empty()) return kNaN;
  // Ranks over both groups, tied values sharing their mean rank.
  std::vector<std::pair<double, bool>> all;
  for (const double s : positiveScores) all.emplace_back(s, true);
  for (const double s : negativeScores) all.emplace_back(s, false);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double positiveRankSum = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double meanRank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k)
      if (all[k].second) positiveRankSum += meanRank;
    i = j;
  }
  const auto p = static_cast<double>(positiveScores.size());
  const auto n = static_cast<double>(negativeScores.size());
  return (positiveRankSum - p * (p + 1) / 2.0) / (p * n);
}

ClassifierScores scoreClassifier(const std::vector<int>& labels, const std::vector<std::vector<double>>& probabilities) {
  if (labels.size() != probabilities.size() || labels.empty())
    throw std::invalid_argument("scoreClassifier wants one probability row per label, and at least one");
  const std::size_t classes = probabilities.front().size();
  ClassifierScores scores;
  scores.confusion.assign(classes, std::vector<std::int64_t>(classes, 0));
  for (std::size_t i = 0; i < labels.size(); ++i)
    ++scores.confusion.at(static_cast<std::size_t>(labels[i])).at(argmax(probabilities[i]));

  std::int64_t correct = 0;
  std::vector<double> definedAucs;
  for (std::size_t c = 0; c < classes; ++c) {
    std::int64_t predictedAsC = 0, trulyC = 0;
    for (std::size_t k = 0; k < classes; ++k) {
      predictedAsC += scores.confusion[k][c];
      trulyC += scores.confusion[c][k];
    }
    const auto tp = static_cast<double>(scores.confusion[c][c]);
    correct += scores.confusion[c][c];
    ClassScores cs;
    cs.precision = ratio(tp, static_cast<double>(predictedAsC));
    cs.recall = ratio(tp, static_cast<double>(trulyC));
    cs.f1 = ratio(2 * cs.precision * cs.recall, cs.precision + cs.recall);
    cs.support = trulyC;
    std::vector<double> positive, negative;
    for (std::size_t i = 0; i < labels.size(); ++i)
      (static_cast<std::size_t>(labels[i]) == c ? positive : negative).push_back(probabilities[i][c]);
    cs.auc = binaryAuc(positive, negative);
    if (!std::isnan(cs.auc)) definedAucs.push_back(cs.auc);
    scores.perClass.push_back(cs);
  }
  scores.accuracy = static_cast<double>(correct) / static_cast<double>(labels.size());
  scores.macroPrecision = meanOf(scores.perClass, &ClassScores::precision);
  scores.macroRecall = meanOf(scores.perClass, &ClassScores::recall);
  scores.macroF1 = meanOf(scores.perClass, &ClassScores::f1);
  if (classes == 2)
    scores.auc = scores.perClass[1].auc;
  else
    scores.auc = definedAucs.empty() ? kNaN
                                     : std::accumulate(definedAucs.begin(), definedAucs.end(), 0.0) /
                                           static_cast<double>(definedAucs.size());
  return scores;
}

double percentile(std::vector<double> values, double q) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double position = q / 100.0 * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + (values[above] - values[below]) * fraction;
}

ClassifierReport classifierReport(const std::vector<int>& labels, const std::vector<std::vector<double>>& probabilities,
                                  const std::vector<std::string>& classes, std::size_t resamples, std::uint64_t seed) {
  ClassifierReport report;
  report.classes = classes;
  report.samples = labels.size();
  report.scores = scoreClassifier(labels, probabilities);

  std::mt19937_64 random(seed);
  std::uniform_int_distribution<std::size_t> pick(0, labels.size() - 1);
  std::vector<double> accuracy, macroF1, auc;
  std::vector<int> sampleLabels(labels.size());
  std::vector<std::vector<double>> sampleProbabilities(labels.size());
  for (std::size_t r = 0; r < resamples; ++r) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::size_t k = pick(random);
      sampleLabels[i] = labels[k];
      sampleProbabilities[i] = probabilities[k];
    }
    const ClassifierScores sample = scoreClassifier(sampleLabels, sampleProbabilities);
    accuracy.push_back(sample.accuracy);
    macroF1.push_back(sample.macroF1);
    if (!std::isnan(sample.auc)) auc.push_back(sample.auc);
  }
  report.ci95 = {interval(accuracy), interval(macroF1), interval(auc)};
  return report;
}

CutoffScores scoreAtCutoff(const std::vector<int>& labels, const std::vector<std::vector<double>>& probabilities,
                           std::size_t positive, double cutoff) {
  std::size_t right = 0, positives = 0, rightPositives = 0, rightNegatives = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const bool isPositive = labels[i] == static_cast<int>(positive);
    const bool decided = probabilities[i].at(positive) >= cutoff;
    positives += isPositive;
    if (decided != isPositive) continue;
    ++right;
    (isPositive ? rightPositives : rightNegatives) += 1;
  }
  const auto share = [](std::size_t part, std::size_t whole) {
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : std::numeric_limits<double>::quiet_NaN();
  };
  return {cutoff, share(right, labels.size()), share(rightPositives, positives),
          share(rightNegatives, labels.size() - positives)};
}

}  // namespace endoverlay
