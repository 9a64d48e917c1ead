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

std::vector<double> percentiles(std::vector<double> values, const std::vector<double>& qs) {
  if (values.empty()) return std::vector<double>(qs.size(), kNaN);
  // The two order statistics around each percentile, selected rather than sorted: an MR slice's stretch takes
  // two percentiles of every one of its values, and sorting a 512² slice's took tens of milliseconds.
  std::vector<double> found;
  for (const double q : qs) {
    const double position = q / 100.0 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(below);
    std::nth_element(values.begin(), at, values.end());
    const double low = *at;
    const double high = below + 1 < values.size() ? *std::min_element(at + 1, values.end()) : low;
    found.push_back(low + (high - low) * (position - static_cast<double>(below)));
  }
  return found;
}

double percentile(std::vector<double> values, double q) { return percentiles(std::move(values), {q}).front(); }

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

namespace {

// DeLong's structural components of one score: each positive's share of negatives below it (ties count one
// half), each negative's share of positives above it, and the AUC.
struct Components {
  std::vector<double> v10;
  std::vector<double> v01;
  double auc = 0;
};

Components componentsOf(const std::vector<bool>& isPositive, const std::vector<double>& scores) {
  std::vector<double> positives, negatives;
  for (std::size_t i = 0; i < scores.size(); ++i) (isPositive[i] ? positives : negatives).push_back(scores[i]);
  Components c{std::vector<double>(positives.size(), 0.0), std::vector<double>(negatives.size(), 0.0), 0.0};
  for (std::size_t i = 0; i < positives.size(); ++i)
    for (std::size_t j = 0; j < negatives.size(); ++j) {
      const double psi = positives[i] > negatives[j] ? 1.0 : positives[i] == negatives[j] ? 0.5 : 0.0;
      c.v10[i] += psi / static_cast<double>(negatives.size());
      c.v01[j] += psi / static_cast<double>(positives.size());
      c.auc += psi;
    }
  c.auc /= static_cast<double>(positives.size() * negatives.size());
  return c;
}

// The sample covariance (n - 1) of two series of one length.
double covariance(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double meanA = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double meanB = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - meanA) * (b[i] - meanB);
  return sum / (n - 1);
}

}  // namespace

PairedAuc delongPaired(const std::vector<bool>& isPositive, const std::vector<double>& scoresA,
                       const std::vector<double>& scoresB) {
  const auto positives = static_cast<std::size_t>(std::count(isPositive.begin(), isPositive.end(), true));
  if (scoresA.size() != isPositive.size() || scoresB.size() != isPositive.size())
    throw std::invalid_argument("DeLong's test wants both scores of every case");
  if (positives < 2 || isPositive.size() - positives < 2)
    throw std::invalid_argument("DeLong's test needs two cases of each class at least");
  const Components a = componentsOf(isPositive, scoresA);
  const Components b = componentsOf(isPositive, scoresB);
  const auto m = static_cast<double>(a.v10.size());
  const auto n = static_cast<double>(a.v01.size());
  const double variance = (covariance(a.v10, a.v10) + covariance(b.v10, b.v10) - 2 * covariance(a.v10, b.v10)) / m +
                          (covariance(a.v01, a.v01) + covariance(b.v01, b.v01) - 2 * covariance(a.v01, b.v01)) / n;
  PairedAuc result{a.auc, b.auc, a.auc - b.auc, 0.0, 1.0};
  if (variance <= 0) {
    result.pValue = result.difference == 0 ? 1.0 : 0.0;
    return result;
  }
  result.standardError = std::sqrt(variance);
  result.pValue = std::erfc(std::abs(result.difference) / result.standardError / std::sqrt(2.0));
  return result;
}

PairedAccuracy mcnemar(const std::vector<bool>& rightA, const std::vector<bool>& rightB) {
  PairedAccuracy result;
  for (std::size_t i = 0; i < rightA.size() && i < rightB.size(); ++i) {
    result.onlyARight += rightA[i] && !rightB[i];
    result.onlyBRight += !rightA[i] && rightB[i];
  }
  const std::int64_t discordant = result.onlyARight + result.onlyBRight;
  if (discordant == 0) return result;
  const double gap = static_cast<double>(std::abs(result.onlyARight - result.onlyBRight)) - 1.0;
  result.chi2 = gap * gap / static_cast<double>(discordant);
  // The χ² distribution of one degree of freedom: P(X > x) = erfc(sqrt(x / 2)).
  result.pValue = std::erfc(std::sqrt(result.chi2 / 2.0));
  return result;
}

}  // namespace endoverlay
