#include "core/InferenceStage.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/AmpullaHead.h"
#include "core/ClassifierHead.h"
#include "core/FrameRegion.h"
#include "core/ProtocolDirectory.h"
#include "core/StageClock.h"

namespace endoverlay {
namespace {

// The box threshold of the protocol's soft-mask head, which the smoothed mask is boxed with.
double boxThresholdOf(const ResolvedProtocol& protocol) {
  const ResolvedHead* localiser = protocol.headFor(ModelTask::AmpullaSoftMask);
  return localiser ? localiser->card.boxThreshold : 0.6;
}

}  // namespace

// One engine per card, shared by every protocol that uses the card.
struct InferenceStage::Engines {
  std::map<std::filesystem::path, std::unique_ptr<AmpullaHead>> localisers;
  std::map<std::filesystem::path, std::unique_ptr<ClassifierHead>> classifiers;

  void load(const ModelCard& card, const EngineOptions& options) {
    if (localisers.count(card.cardPath) || classifiers.count(card.cardPath)) return;
    if (card.task == ModelTask::AmpullaSoftMask) localisers[card.cardPath] = std::make_unique<AmpullaHead>(card, options);
    else classifiers[card.cardPath] = std::make_unique<ClassifierHead>(card, options);
  }
};

InferenceStage::InferenceStage(const std::vector<Protocol>& protocols, const std::vector<ModelCard>& cards,
                               const EngineOptions& options, const std::string& initialProtocol,
                               const StabilitySettings& stability)
    : engines_(std::make_unique<Engines>()), stability_(stability) {
  findProtocol(protocols, initialProtocol);  // throws, naming the protocols there are
  std::size_t initial = 0;
  for (std::size_t i = 0; i < protocols.size(); ++i) {
    const Protocol& protocol = protocols[i];
    ProtocolChoice choice{protocol.id, protocol.name, {}};
    try {
      resolved_.push_back(ResolvedProtocol::resolve(protocol, cards));
    } catch (const ProtocolError& e) {
      if (protocol.id == initialProtocol) throw;
      choice.unavailable = e.what();
      resolved_.push_back(std::nullopt);
    }
    if (protocol.id == initialProtocol) initial = i;
    choices_.push_back(std::move(choice));
  }
  for (const auto& protocol : resolved_)
    if (protocol)
      for (const ResolvedHead& head : protocol->heads) engines_->load(head.card, options);
  current_ = initial;
  filtered_ = initial;
  filter_ = std::make_unique<TemporalFilter>(stability_, boxThresholdOf(*resolved_[filtered_]));
}

InferenceStage::~InferenceStage() = default;

void InferenceStage::setProtocol(const std::string& id) {
  for (std::size_t i = 0; i < choices_.size(); ++i) {
    if (choices_[i].id != id) continue;
    if (!resolved_[i]) throw std::invalid_argument(choices_[i].unavailable);
    current_ = i;
    return;
  }
  throw std::invalid_argument("no protocol '" + id + "'");
}

const Protocol& InferenceStage::protocol() const { return resolved_[current_]->protocol; }

void InferenceStage::setUserRegion(std::optional<Box> region) {
  const std::lock_guard lock(regionMutex_);
  userRegion_ = region;
}

std::vector<ModelIdentity> InferenceStage::models() const {
  std::vector<ModelIdentity> identities;
  for (const ResolvedHead& head : resolved_[current_]->heads) identities.push_back(head.card.identity());
  return identities;
}

std::string InferenceStage::device() const {
  const ModelCard& first = resolved_[current_]->heads.front().card;
  const auto localiser = engines_->localisers.find(first.cardPath);
  if (localiser != engines_->localisers.end()) return localiser->second->device();
  return engines_->classifiers.at(first.cardPath)->device();
}

InferenceResult InferenceStage::analyze(const Frame& frame) {
  const std::size_t current = current_;
  const ResolvedProtocol& protocol = *resolved_[current];
  if (current != filtered_) {
    filter_ = std::make_unique<TemporalFilter>(stability_, boxThresholdOf(protocol));
    filtered_ = current;
  } else if (restartSmoothing_.exchange(false)) {
    filter_->reset();
  }
  InferenceResult result;
  result.frameIndex = frame.index;
  result.ptsNs = frame.ptsNs;
  result.frameArrival = frame.arrival;
  result.frameSize = frame.bgrx.size();
  result.protocolId = protocol.protocol.id;
  // Each head's box, once it shows one, for the heads that look around it or run while it is shown.
  std::vector<std::optional<Box>> shownBoxes(protocol.heads.size());
  for (std::size_t i = 0; i < protocol.heads.size(); ++i) {
    const ResolvedHead& head = protocol.heads[i];
    result.headTasks.push_back(head.card.task);
    if (head.spec.runs == HeadRuns::WhileShown && !shownBoxes[head.shownHead]) continue;
    // Nothing to look around on a frame where the box is not shown.
    if (head.spec.input == HeadInput::AroundHead && !shownBoxes[head.aroundHead]) continue;
    if (head.card.task == ModelTask::AmpullaSoftMask) {
      runLocaliser(head, frame, result);
      const auto& a = result.ampulla;
      if (a && a->score >= result.displayThreshold) shownBoxes[i] = a->box;
      continue;
    }
    Box where;
    const cv::Mat region = regionFor(head, frame, shownBoxes, result, where);
    runClassifier(head, region, where, result);
  }
  if (!result.invalidOutputs.empty()) ++invalidResults_;
  StageClock clock;
  result.stable = filter_->update(result);
  result.timings.postprocessMs += clock.lap();
  return result;
}

void InferenceStage::runLocaliser(const ResolvedHead& head, const Frame& frame, InferenceResult& result) {
  AmpullaHead& engine = *engines_->localisers.at(head.card.cardPath);
  InferenceResult own = engine.analyze(frame);
  result.ampulla = own.ampulla;
  result.ampullaMask = own.ampullaMask;
  result.displayThreshold = own.displayThreshold;
  result.timings.preprocessMs += own.timings.preprocessMs;
  result.timings.inferenceMs += own.timings.inferenceMs;
  result.timings.postprocessMs += own.timings.postprocessMs;
  result.models.insert(result.models.end(), own.models.begin(), own.models.end());
  if (result.device.empty()) result.device = own.device;
  if (result.deviceNotice.empty()) result.deviceNotice = own.deviceNotice;
  result.invalidOutputs.insert(result.invalidOutputs.end(), own.invalidOutputs.begin(), own.invalidOutputs.end());
}

cv::Mat InferenceStage::regionFor(const ResolvedHead& head, const Frame& frame,
                                  const std::vector<std::optional<Box>>& boxes, InferenceResult& result, Box& where) {
  const cv::Size size = frame.bgrx.size();
  where = Box{0, 0, double(size.width), double(size.height)};
  if (head.spec.input == HeadInput::AroundHead) {
    const Box& box = *boxes[head.aroundHead];
    where = squareAround(box, head.scale);
    return squareRegionAround(frame.bgrx, box, head.scale);
  }
  if (head.spec.input == HeadInput::Frame) return frame.bgrx;
  {
    const std::lock_guard lock(regionMutex_);
    result.cystRegion = userRegion_;
  }
  if (!result.cystRegion) return frame.bgrx;
  const cv::Mat region = cropToBox(frame.bgrx, *result.cystRegion);
  if (region.empty()) {
    const Box& b = *result.cystRegion;
    char text[160];
    std::snprintf(text, sizeof text, "the region of interest %.0f,%.0f,%.0f,%.0f lies outside the %dx%d picture", b.x, b.y,
                  b.width, b.height, size.width, size.height);
    throw std::invalid_argument(text);
  }
  cv::Size whole;
  cv::Point offset;
  region.locateROI(whole, offset);
  where = Box{double(offset.x), double(offset.y), double(region.cols), double(region.rows)};
  return region;
}

void InferenceStage::runClassifier(const ResolvedHead& head, const cv::Mat& region, const Box& where,
                                   InferenceResult& result) {
  ClassifierHead& engine = *engines_->classifiers.at(head.card.cardPath);
  result.models.push_back(head.card.identity());
  const std::optional<ClassProbabilities> p = engine.classify(region, result.timings);
  // After classify(): a GPU failure in it moves the head to the CPU, and this frame already says so.
  if (result.device.empty()) result.device = engine.device();
  if (result.deviceNotice.empty()) result.deviceNotice = engine.deviceNotice();
  if (!p) {
    result.invalidOutputs.push_back(head.card.task);
    return;
  }
  if (head.card.task == ModelTask::CannulationDifficulty) {
    result.difficulty = p;
    result.difficultProbability = p->sumOf(head.card.difficultClasses);
  } else {
    result.cystType = p;
  }
  if (auto explanation = explain(engine, *p, where, result.timings)) result.explanation = std::move(explanation);
}

std::optional<ClassActivation> InferenceStage::explain(ClassifierHead& head, const ClassProbabilities& p,
                                                      const Box& region, StageTimings& timings) {
  if (!explain_ || !head.explains()) return std::nullopt;
  StageClock clock;
  ClassActivation activation{head.gradCam(p.top()), region, p.labels.at(p.top())};
  timings.postprocessMs += clock.lap();
  // A map with a NaN or an infinity in it shows nothing true; it is left out like any invalid output.
  if (activation.map.empty() || !cv::checkRange(activation.map)) return std::nullopt;
  return activation;
}

}  // namespace endoverlay
