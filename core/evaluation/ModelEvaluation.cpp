#include "core/evaluation/ModelEvaluation.h"

#include <algorithm>
#include <stdexcept>

#include "core/analysis/ClassifierHead.h"
#include "core/evaluation/EvaluationJson.h"
#include "core/analysis/FrameRegion.h"
#include "core/analysis/InferenceStage.h"
#include "core/recording/ResultJson.h"
#include "core/analysis/SoftMaskHead.h"

namespace endoverlay {
namespace {

nlohmann::json shareAtOrAbove(const std::vector<double>& peaks, double threshold, bool above) {
  if (peaks.empty()) return nullptr;
  const auto count = std::count_if(peaks.begin(), peaks.end(), [&](double p) { return (p >= threshold) == above; });
  return static_cast<double>(count) / static_cast<double>(peaks.size());
}

}  // namespace

ModelEvaluation::ModelEvaluation(const ResolvedProtocol& protocol, const EngineOptions& options)
    : protocolId_(protocol.protocol.id) {
  for (const ResolvedHead& head : protocol.heads) models_.push_back(head.card.identity());
  if (protocol.protocol.study) {
    std::vector<ModelCard> cards;
    for (const ResolvedHead& head : protocol.heads) {
      cards.push_back(head.card);
      if (head.spec.readout != ReadoutKind::ClassBadge) continue;
      checkHeadName(head.spec.id);
      studyHeads_.push_back(head);
    }
    if (studyHeads_.empty())
      throw std::invalid_argument("eval scores a study protocol's class_badge heads; protocol " + protocolId_ + " has none");
    study_ = std::make_unique<InferenceStage>(std::vector<Protocol>{protocol.protocol}, cards, options, protocolId_);
    studyLabels_.resize(studyHeads_.size());
    studySamples_.resize(studyHeads_.size());
    return;
  }
  if (const ResolvedHead* ampulla = protocol.firstWith(ReadoutKind::HeatmapBox)) {
    ampulla_ = std::make_unique<SoftMaskHead>(ampulla->card, options);
    displayThreshold_ = ampulla->card.displayThreshold;
  }
  // The traffic light is scored on the square around the true box, so only one that reads around a box counts.
  const ResolvedHead* difficulty = protocol.firstWith(ReadoutKind::TrafficLight);
  if (difficulty && ampulla_ && difficulty->spec.input == HeadInput::AroundHead) {
    difficulty_ = std::make_unique<ClassifierHead>(difficulty->card, options);
    difficultyScale_ = difficulty->scale;
  }
  if (const ResolvedHead* badge = protocol.firstWith(ReadoutKind::ClassBadge)) {
    badge_ = std::make_unique<ClassifierHead>(badge->card, options);
    badgeHeadId_ = badge->spec.id;
    checkHeadName(badgeHeadId_);
    regionPlacement_ = protocol.protocol.userRegion;
  }
  if (!ampulla_ && !badge_)
    throw std::invalid_argument("eval scores a protocol's first heatmap_box head (and a traffic light around its box) "
                                "or its first class_badge head; protocol " + protocolId_ + " has neither");
}

ModelEvaluation::~ModelEvaluation() = default;

// A head's measures sit beside the report's own fields, under its id.
void ModelEvaluation::checkHeadName(const std::string& id) const {
  for (const char* field : {"mode", "frames", "invalid_outputs", "models", "device", "resamples", "ampulla", "difficulty",
                            "class_badge_head", "class_badge_heads", "heads_not_run", "paired"})
    if (id == field)
      throw std::invalid_argument("eval cannot report a class_badge head named '" + id +
                                  "': the report uses that name; rename the head in protocol " + protocolId_);
}

int ModelEvaluation::classIndex(const ModelCard& card, const std::string& label) {
  const auto it = std::find(card.labels.begin(), card.labels.end(), label);
  if (it != card.labels.end()) return static_cast<int>(it - card.labels.begin());
  std::string known;
  for (const auto& l : card.labels) known += (known.empty() ? "" : ", ") + l;
  throw std::invalid_argument("label '" + label + "' is not one of " + card.name + "'s labels (" + known + ")");
}

void ModelEvaluation::add(const Frame& frame, const FrameTruth& truth) {
  if (frame.bgrx.type() != CV_8UC4 || frame.bgrx.empty())
    throw std::invalid_argument("evaluation frames must be BGRx images");
  if (study_) addStudy(frame, truth);
  else if (ampulla_) addErcp(frame, truth);
  else if (badge_) addBadge(frame, truth);
  ++frames_;
}

void ModelEvaluation::addErcp(const Frame& frame, const FrameTruth& truth) {
  StageTimings unused;
  const HeadOutput result = ampulla_->localise(frame, unused);
  if (result.invalid) ++invalidOutputs_;
  const double peak = result.detection ? result.detection->score : 0.0;
  if (!truth.box) {
    peaksWithoutTarget_.push_back(peak);
    return;
  }
  peaksWithTarget_.push_back(peak);
  if (!result.detection) ++missed_;
  const std::optional<Box> found = result.detection ? std::optional<Box>(result.detection->box) : std::nullopt;
  localisation_.push_back(scoreLocalisation(found, *truth.box, frame.size()));
  if (!difficulty_ || !truth.label) return;
  const ModelCard& card = difficulty_->card();
  const int label = classIndex(card, *truth.label);
  const std::optional<ClassProbabilities> p =
      difficulty_->classify(squareRegionAround(frame, *truth.box, difficultyScale_), unused);
  if (!p) {
    ++invalidOutputs_;
    return;
  }
  difficultyLabels_.classes.push_back(label);
  difficultyLabels_.probabilities.push_back(p->values);
}

void ModelEvaluation::addBadge(const Frame& frame, const FrameTruth& truth) {
  if (!truth.label) return;
  const int label = classIndex(badge_->card(), *truth.label);
  const cv::Mat region =
      truth.region ? cropToBox(frame, placeUserRegion(*truth.region, frame.size(), regionPlacement_)) : frame.bgrx;
  if (region.empty()) throw std::invalid_argument("the region of interest lies outside the frame");
  StageTimings unused;
  const std::optional<ClassProbabilities> p = badge_->classify(region, unused);
  if (!p) {
    ++invalidOutputs_;
    return;
  }
  badgeLabels_.classes.push_back(label);
  badgeLabels_.probabilities.push_back(p->values);
}

void ModelEvaluation::addStudy(const Frame& frame, const FrameTruth& truth) {
  if (!truth.label) return;
  study_->setUserRegion(truth.region);
  const InferenceResult result = study_->analyze(frame);
  for (std::size_t i = 0; i < studyHeads_.size(); ++i) {
    const int label = classIndex(studyHeads_[i].card, *truth.label);
    const HeadOutput& output = *result.head(studyHeads_[i].spec.id);
    if (output.invalid) ++invalidOutputs_;
    // A head inside a region the segmenter did not find has nothing to read: counted apart from invalid outputs.
    if (!output.ran) ++headsNotRun_;
    if (!output.ran || output.invalid || !output.probabilities) continue;
    studyLabels_[i].classes.push_back(label);
    studyLabels_[i].probabilities.push_back(output.probabilities->values);
    studySamples_[i].push_back(labelledStudies_);
  }
  ++labelledStudies_;
}

nlohmann::json ModelEvaluation::pairedReport(std::size_t a, std::size_t b) const {
  const ModelCard& cardA = studyHeads_[a].card;
  const ModelCard& cardB = studyHeads_[b].card;
  std::vector<bool> isPositive, rightA, rightB;
  std::vector<double> scoresA, scoresB;
  // Rows of the studies both heads read, in order; the first label is the one whose scores are compared.
  for (std::size_t i = 0, j = 0; i < studySamples_[a].size() && j < studySamples_[b].size();) {
    if (studySamples_[a][i] != studySamples_[b][j]) {
      (studySamples_[a][i] < studySamples_[b][j] ? i : j) += 1;
      continue;
    }
    const int label = studyLabels_[a].classes[i];
    const std::vector<double>& pA = studyLabels_[a].probabilities[i];
    const std::vector<double>& pB = studyLabels_[b].probabilities[j];
    isPositive.push_back(label == 0);
    scoresA.push_back(pA[0]);
    scoresB.push_back(pB[0]);
    rightA.push_back(static_cast<int>(cardA.decide(pA)) == label);
    rightB.push_back(static_cast<int>(cardB.decide(pB)) == label);
    ++i;
    ++j;
  }
  nlohmann::json json{{"accuracy", toJson(mcnemar(rightA, rightB))}};
  try {
    json["auc"] = toJson(delongPaired(isPositive, scoresA, scoresB));
  } catch (const std::invalid_argument&) {
    json["auc"] = nullptr;  // too few studies of a class to compare AUCs
  }
  return json;
}

nlohmann::json ModelEvaluation::studyReport(std::size_t resamples, std::uint64_t seed) const {
  nlohmann::json json;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < studyHeads_.size(); ++i) {
    const ModelCard& card = studyHeads_[i].card;
    const Labels& labels = studyLabels_[i];
    if (labels.classes.empty()) continue;
    const std::string& id = studyHeads_[i].spec.id;
    ids.push_back(id);
    json[id] = toJson(classifierReport(labels.classes, labels.probabilities, card.labels, resamples, seed));
    if (card.decision) {
      json[id]["at_cutoff"] =
          toJson(scoreAtCutoff(labels.classes, labels.probabilities, card.decision->label, card.decision->cutoff));
      json[id]["at_cutoff"]["label"] = card.labels.at(card.decision->label);
    }
  }
  json["class_badge_heads"] = ids;
  for (std::size_t a = 0; a < studyHeads_.size(); ++a)
    for (std::size_t b = a + 1; b < studyHeads_.size(); ++b)
      if (studyHeads_[a].card.labels == studyHeads_[b].card.labels && studyHeads_[a].card.labels.size() == 2)
        json["paired"][studyHeads_[a].spec.id + "_vs_" + studyHeads_[b].spec.id] = pairedReport(a, b);
  return json;
}

nlohmann::json ModelEvaluation::ampullaReport() const {
  nlohmann::json json = toJson(summariseLocalisation(localisation_, missed_));
  json["display_threshold"] = displayThreshold_;
  json["frames_without_papilla"] = peaksWithoutTarget_.size();
  json["false_positive_rate"] = shareAtOrAbove(peaksWithoutTarget_, displayThreshold_, true);
  json["miss_rate"] = shareAtOrAbove(peaksWithTarget_, displayThreshold_, false);
  return json;
}

nlohmann::json ModelEvaluation::difficultyReport(std::size_t resamples, std::uint64_t seed) const {
  const ModelCard& card = difficulty_->card();
  std::vector<int> binaryLabels;
  std::vector<std::vector<double>> binaryProbabilities;
  for (std::size_t i = 0; i < difficultyLabels_.classes.size(); ++i) {
    const std::string& label = card.labels[static_cast<std::size_t>(difficultyLabels_.classes[i])];
    const bool difficult =
        std::find(card.difficultClasses.begin(), card.difficultClasses.end(), label) != card.difficultClasses.end();
    binaryLabels.push_back(difficult ? 1 : 0);
    ClassProbabilities p{card.labels, difficultyLabels_.probabilities[i]};
    const double pDifficult = p.sumOf(card.difficultClasses);
    binaryProbabilities.push_back({1.0 - pDifficult, pDifficult});
  }
  return {{"region", "square around the ground-truth box"},
          {"four_class", toJson(classifierReport(difficultyLabels_.classes, difficultyLabels_.probabilities,
                                                 card.labels, resamples, seed))},
          {"binary", toJson(classifierReport(binaryLabels, binaryProbabilities, {"easy", "difficult"}, resamples,
                                             seed))}};
}

nlohmann::json ModelEvaluation::report(std::size_t resamples, std::uint64_t seed) const {
  nlohmann::json json{{"mode", protocolId_},
                      {"frames", frames_},
                      {"invalid_outputs", invalidOutputs_},
                      {"models", modelsToJson(models_)},
                      {"device", study_ ? study_->device() : ampulla_ ? ampulla_->device() : badge_->device()},
                      {"resamples", resamples}};
  if (study_) {
    json["heads_not_run"] = headsNotRun_;
    json.update(studyReport(resamples, seed));
    return json;
  }
  if (ampulla_ && !localisation_.empty()) json["ampulla"] = ampullaReport();
  if (difficulty_ && !difficultyLabels_.classes.empty()) json["difficulty"] = difficultyReport(resamples, seed);
  if (badge_ && !badgeLabels_.classes.empty()) {
    json["class_badge_head"] = badgeHeadId_;
    json[badgeHeadId_] = toJson(
        classifierReport(badgeLabels_.classes, badgeLabels_.probabilities, badge_->card().labels, resamples, seed));
  }
  return json;
}

}  // namespace endoverlay
