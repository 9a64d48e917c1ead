#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace endoverlay {

// Classifier measures (difficulty, cyst type), the same definitions as
// training/endoverlay_training/metrics.py: the predicted class is the
// argmax (first on ties); precision, recall and F1 are 0 where undefined;
// AUC is the Mann–Whitney statistic with ties counted one half, NaN when a
// class has no positives or no negatives; intervals are percentile
// bootstraps over samples.

// Rows: true class; columns: predicted class.
using ConfusionMatrix = std::vector<std::vector<std::int64_t>>;

struct ClassScores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double auc = 0;  // one class against the rest
  std::int64_t support = 0;
};

struct ClassifierScores {
  double accuracy = 0;
  double macroPrecision = 0;
  double macroRecall = 0;
  double macroF1 = 0;
  double auc = 0;  // two classes: the second class's; more: the mean over classes where it is defined
  std::vector<ClassScores> perClass;
  ConfusionMatrix confusion;
};

struct Interval {
  double low = 0;
  double high = 0;
};

// 95 % intervals of the three measures a reader compares first.
struct ClassifierIntervals {
  Interval accuracy;
  Interval macroF1;
  Interval auc;  // left out of resamples where the AUC is undefined
};

struct ClassifierReport {
  std::vector<std::string> classes;
  std::size_t samples = 0;
  ClassifierScores scores;
  ClassifierIntervals ci95;
};

double binaryAuc(const std::vector<double>& positiveScores, const std::vector<double>& negativeScores);

// labels[i] in 0…classes−1; probabilities[i] has one value per class.
ClassifierScores scoreClassifier(const std::vector<int>& labels, const std::vector<std::vector<double>>& probabilities);

// The q-th percentile (0…100), interpolated linearly between order statistics like numpy's default.
double percentile(std::vector<double> values, double q);
// The same for several q at the cost of one sort.
std::vector<double> percentiles(std::vector<double> values, const std::vector<double>& qs);

// A class decided wherever its probability reaches a cut-off (a card's decision), not at the argmax: the share
// of samples decided right, and of those of the class (sensitivity) and of the others (specificity) decided
// right; NaN where there are none.
struct CutoffScores {
  double cutoff = 0.5;
  double accuracy = 0;
  double sensitivity = 0;
  double specificity = 0;
};

// DeLong et al. (1988): two correlated AUCs of one class's scores on the same cases (isPositive[i] says
// whether case i is of the class), their difference A - B, its standard error from the structural
// components, and the two-sided p-value of the difference (normal approximation), as metrics.delong_paired.
// Throws std::invalid_argument with fewer than two cases of either kind.
struct PairedAuc {
  double aucA = 0;
  double aucB = 0;
  double difference = 0;
  double standardError = 0;
  double pValue = 1;
};
PairedAuc delongPaired(const std::vector<bool>& isPositive, const std::vector<double>& scoresA,
                       const std::vector<double>& scoresB);

// McNemar's χ² test with continuity correction of two classifiers' accuracies on the same cases: only the
// cases where one is right and the other wrong count, as metrics.mcnemar.
struct PairedAccuracy {
  std::int64_t onlyARight = 0;
  std::int64_t onlyBRight = 0;
  double chi2 = 0;
  double pValue = 1;
};
PairedAccuracy mcnemar(const std::vector<bool>& rightA, const std::vector<bool>& rightB);

CutoffScores scoreAtCutoff(const std::vector<int>& labels, const std::vector<std::vector<double>>& probabilities,
                           std::size_t positive, double cutoff);

ClassifierReport classifierReport(const std::vector<int>& labels, const std::vector<std::vector<double>>& probabilities,
                                  const std::vector<std::string>& classes, std::size_t resamples, std::uint64_t seed);

}  // namespace endoverlay
