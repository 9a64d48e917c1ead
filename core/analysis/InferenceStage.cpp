#include "core/analysis/InferenceStage.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/analysis/ClassifierHead.h"
#include "core/analysis/FrameRegion.h"
#include "core/analysis/SegmenterHead.h"
#include "core/analysis/SliceGrey.h"
#include "core/analysis/SoftMaskHead.h"
#include "core/analysis/StageClock.h"
#include "core/protocol/ProtocolDirectory.h"

namespace endoverlay {

// One engine per card, shared by every protocol that uses the card.
struct InferenceStage::Engines {
  std::map<std::filesystem::path, std::unique_ptr<ModelHead>> heads;

  void load(const ModelCard& card, const EngineOptions& options) {
    std::unique_ptr<ModelHead>& head = heads[card.cardPath];
    if (head) return;
    switch (card.kind) {
      case HeadKind::SoftMaskLocaliser: head = std::make_unique<SoftMaskHead>(card, options); break;
      case HeadKind::Classifier: head = std::make_unique<ClassifierHead>(card, options); break;
      case HeadKind::Segmenter: head = std::make_unique<SegmenterHead>(card, options); break;
    }
  }

  // The head of `card`'s kind: the map holds that kind for that card.
  template <typename Head>
  Head& of(const ModelCard& card) const {
    return static_cast<Head&>(*heads.at(card.cardPath));
  }
};

namespace {

// What a head shows on a still slice: what it gave, for nothing before or after it says more about this slice.
void settleOnStill(HeadOutput& output, const ModelCard& card) {
  HeadReadout& shown = output.stable;
  shown.detection = output.detection;
  if (output.detection) shown.mask = output.mask;
  shown.segmentation = output.segmentation;
  shown.probabilities = output.probabilities;
  shown.groupProbability = output.groupProbability;
  if (output.probabilities) shown.label = output.probabilities->labels.at(card.decide(output.probabilities->values));
}

// A study's slice of the series `head` reads, in the grey its card asks for; a video frame as it came.
Frame pictureFor(const ResolvedHead& head, const Frame& frame) {
  if (!head.card.readsValues()) return frame;
  if (!frame.isStill())
    throw std::invalid_argument("model " + head.card.name + " reads a CT or MR slice's values; this source gives video frames");
  Frame seen = frame;
  cv::cvtColor(sliceGrey(frame.seriesValues[head.series], head.card.input), seen.bgrx, cv::COLOR_GRAY2BGRA);
  seen.scaledFrom = frame.size() == seen.bgrx.size() ? cv::Size() : frame.size();
  return seen;
}

// Whether two heads see the same grey of a slice: the same series through the same window or stretch.
bool sameGrey(const ResolvedHead& a, const ResolvedHead& b) {
  const InputSpec& x = a.card.input;
  const InputSpec& y = b.card.input;
  const auto sameWindow = [](const std::optional<WindowLevel>& u, const std::optional<WindowLevel>& v) {
    return u.has_value() == v.has_value() && (!u || (u->centre == v->centre && u->width == v->width));
  };
  return a.series == b.series && sameWindow(x.window, y.window) && x.stretchPercentiles == y.stretchPercentiles;
}

// Whether a segmenter head drew a region on this frame, for a head that reads inside it.
bool regionShown(const HeadOutput& segmenter) {
  return segmenter.ran && !segmenter.invalid && segmenter.segmentation && segmenter.segmentation->areaFraction > 0;
}

}  // namespace

InferenceStage::InferenceStage(const std::vector<Protocol>& protocols, const std::vector<ModelCard>& cards,
                               const EngineOptions& options, const std::string& initialProtocol,
                               const StabilitySettings& stability)
    : engines_(std::make_unique<Engines>()), stability_(stability) {
  // Throws, naming the protocols there are. Its source is a video or a still study, and only the protocols
  // that read the same kind of source are offered.
  const bool still = findProtocol(protocols, initialProtocol).study.has_value();
  std::size_t initial = 0;
  for (const Protocol& protocol : protocols) {
    if (protocol.study.has_value() != still) continue;
    ProtocolChoice choice{protocol.id, protocol.name, {}};
    try {
      resolved_.push_back(ResolvedProtocol::resolve(protocol, cards));
    } catch (const ProtocolError& e) {
      if (protocol.id == initialProtocol) throw;
      choice.unavailable = e.what();
      resolved_.push_back(std::nullopt);
    }
    if (protocol.id == initialProtocol) initial = choices_.size();
    choices_.push_back(std::move(choice));
  }
  for (const auto& protocol : resolved_)
    if (protocol)
      for (const ResolvedHead& head : protocol->heads) engines_->load(head.card, options);
  current_ = initial;
  filtered_ = initial;
  filter_ = std::make_unique<TemporalFilter>(stability_);
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

void InferenceStage::setReferenceRegion(std::optional<Box> region) {
  const std::lock_guard lock(regionMutex_);
  referenceRegion_ = region;
}

void InferenceStage::setInjection(std::optional<std::int64_t> ptsNs) {
  const std::lock_guard lock(regionMutex_);
  injectionPtsNs_ = ptsNs;
}

std::vector<ModelIdentity> InferenceStage::models() const {
  std::vector<ModelIdentity> identities;
  for (const ResolvedHead& head : resolved_[current_]->heads) identities.push_back(head.card.identity());
  return identities;
}

std::string InferenceStage::device() const {
  return engines_->heads.at(resolved_[current_]->heads.front().card.cardPath)->device();
}

InferenceResult InferenceStage::analyze(const Frame& frame) {
  const std::size_t current = current_;
  const ResolvedProtocol& protocol = *resolved_[current];
  if (current != filtered_) {
    filter_ = std::make_unique<TemporalFilter>(stability_);
    filtered_ = current;
  } else if (restartSmoothing_.exchange(false)) {
    filter_->reset();
  }
  InferenceResult result;
  result.frameIndex = frame.index;
  result.ptsNs = frame.ptsNs;
  result.frameArrival = frame.arrival;
  result.frameSize = frame.size();
  result.protocolId = protocol.protocol.id;
  // An earlier head's box on this frame, when it shows one.
  const auto shownBox = [&result](std::size_t index) -> const Box* {
    const HeadOutput& earlier = result.heads[index];
    return earlier.detection && earlier.detection->score >= earlier.displayThreshold ? &earlier.detection->box : nullptr;
  };
  if (protocol.protocol.contrast) result.contrast = readContrast(protocol.protocol, frame);
  const bool waitForPhase = result.contrast && !result.contrast->headsWaitFor.empty();
  std::optional<Box> userRegion;
  {
    const std::lock_guard lock(regionMutex_);
    userRegion = userRegion_;
  }
  // A still slice's head has nothing to read where its series has no slice, and one that reads the user's
  // region reads nothing until there is one: its model was trained on the region around a finding, not on a
  // whole slice.
  const auto stillWaits = [&](const ResolvedHead& head) {
    if (!frame.isStill()) return false;
    const bool noSlice = head.series >= frame.seriesValues.size() || frame.seriesValues[head.series].empty();
    return noSlice || (head.spec.input == HeadInput::UserRegion && !userRegion);
  };
  // A slice's grey for the heads that have run, so that heads seeing the same one (the liver's three) share it:
  // an MR stretch takes percentiles of the whole slice.
  std::vector<std::pair<const ResolvedHead*, Frame>> greys;
  const auto pictureOf = [&](const ResolvedHead& head) -> Frame {
    if (!head.card.readsValues()) return frame;
    for (const auto& [other, grey] : greys)
      if (sameGrey(*other, head)) return grey;
    greys.emplace_back(&head, pictureFor(head, frame));
    return greys.back().second;
  };
  for (const ResolvedHead& head : protocol.heads) {
    // Nothing to look around on a frame where the box is not shown.
    const bool waits = waitForPhase || (head.spec.runs == HeadRuns::WhileShown && !shownBox(head.shownHead)) ||
                       (head.spec.input == HeadInput::AroundHead && !shownBox(head.aroundHead)) ||
                       (head.spec.input == HeadInput::InsideHead && !regionShown(result.heads[head.insideHead])) ||
                       stillWaits(head);
    HeadOutput output;
    if (!waits) {
      StageClock greyClock;
      const Frame seen = pictureOf(head);
      result.timings.preprocessMs += greyClock.lap();
      switch (head.kind()) {
        case HeadKind::SoftMaskLocaliser:
          output = engines_->of<SoftMaskHead>(head.card).localise(seen, result.timings);
          break;
        case HeadKind::Segmenter: output = engines_->of<SegmenterHead>(head.card).segment(seen, result.timings); break;
        case HeadKind::Classifier: {
          const Box* around = head.spec.input == HeadInput::AroundHead ? shownBox(head.aroundHead) : nullptr;
          const HeadOutput* inside = head.spec.input == HeadInput::InsideHead ? &result.heads[head.insideHead] : nullptr;
          output = runClassifier(head, protocol.protocol.userRegion, seen, around, inside, result);
          break;
        }
      }
      noteDevice(*engines_->heads.at(head.card.cardPath), result);
      if (frame.isStill() && !output.invalid) settleOnStill(output, head.card);
    }
    if (!output.ran) {  // described by its card, so its line and its readout still say what it is
      output.kind = head.kind();
      output.model = head.card.identity();
      output.displayThreshold = head.card.displayThreshold;
      output.boxThreshold = head.card.boxThreshold;
    }
    output.id = head.spec.id;
    output.readout = head.spec.readout;
    result.heads.push_back(std::move(output));
  }
  if (result.anyInvalid()) ++invalidResults_;
  if (frame.isStill()) return result;  // each slice is read on its own: nothing to smooth it with
  StageClock clock;
  filter_->update(result);
  result.timings.postprocessMs += clock.lap();
  return result;
}

// After the head ran: a GPU failure in it moves the head to the CPU, and this frame already says so.
void InferenceStage::noteDevice(const ModelHead& head, InferenceResult& result) {
  if (result.device.empty()) result.device = head.device();
  if (result.deviceNotice.empty()) result.deviceNotice = head.deviceNotice();
}

ContrastReading InferenceStage::readContrast(const Protocol& protocol, const Frame& frame) const {
  const ContrastTiming& timing = *protocol.contrast;
  ContrastReading reading;
  {
    const std::lock_guard lock(regionMutex_);
    reading.region = userRegion_;
    reading.reference = referenceRegion_;
    if (injectionPtsNs_ && frame.ptsNs >= *injectionPtsNs_) reading.injectionPtsNs = injectionPtsNs_;
  }
  if (reading.injectionPtsNs) {
    reading.secondsSinceInjection = (frame.ptsNs - *reading.injectionPtsNs) / 1e9;
    reading.phase = timing.phaseAt(*reading.secondsSinceInjection).id;
  }
  if (!timing.headsFrom.empty() &&
      (reading.phase.empty() || timing.indexOf(reading.phase) < timing.indexOf(timing.headsFrom)))
    reading.headsWaitFor = timing.headsFrom;
  // The mean grey of a region as read; a region off the picture reads as none.
  const auto meanOf = [&](std::optional<Box>& region, double& mean) {
    if (!region) return;
    region = placeUserRegion(*region, frame.size(), protocol.userRegion);
    const cv::Mat pixels = cropToBox(frame, *region);
    if (pixels.empty()) {
      region.reset();
      return;
    }
    const cv::Scalar bgr = cv::mean(pixels);
    mean = 0.114 * bgr[0] + 0.587 * bgr[1] + 0.299 * bgr[2];  // the grey the heads see (ITU-R BT.601 luma)
  };
  meanOf(reading.region, reading.regionMean);
  meanOf(reading.reference, reading.referenceMean);
  return reading;
}

cv::Mat InferenceStage::regionFor(const ResolvedHead& head, RegionPlacement placement, const Frame& frame,
                                  const Box* around, const cv::Mat& inside, std::optional<Box>& where) {
  const cv::Size size = frame.size();
  if (!inside.empty()) return insideRegion(frame.bgrx, inside);
  if (around) {
    where = squareAround(*around, head.scale);
    return squareRegionAround(frame, *around, head.scale);
  }
  if (head.spec.input == HeadInput::Frame) return frame.bgrx;
  {
    const std::lock_guard lock(regionMutex_);
    where = userRegion_;
  }
  if (!where) return frame.bgrx;
  where = placeUserRegion(*where, size, placement);
  const cv::Mat region = cropToBox(frame, *where);
  if (region.empty()) {
    const Box& b = *where;
    char text[160];
    std::snprintf(text, sizeof text, "the region of interest %.0f,%.0f,%.0f,%.0f lies outside the %dx%d picture", b.x, b.y,
                  b.width, b.height, size.width, size.height);
    throw std::invalid_argument(text);
  }
  return region;
}

HeadOutput InferenceStage::runClassifier(const ResolvedHead& head, RegionPlacement placement, const Frame& frame,
                                         const Box* around, const HeadOutput* inside, InferenceResult& result) {
  ClassifierHead& engine = engines_->of<ClassifierHead>(head.card);
  HeadOutput output = engine.ranOutput(head.spec.readout);
  // What a head reading inside a segmenter's region sees of its input: the picture, and its Grad-CAM, are kept to it.
  const cv::Mat seenRegion =
      inside ? segmentedRegion(inside->mask, inside->displayThreshold, *head.card.maskMarginPx,
                               cv::Size(head.card.input.width, head.card.input.height))
             : cv::Mat();
  const cv::Mat region = regionFor(head, placement, frame, around, seenRegion, output.region);
  const std::optional<ClassProbabilities> p = engine.classify(region, result.timings);
  if (!p) {
    output.invalid = true;
    return output;
  }
  output.probabilities = p;
  if (!head.card.difficultClasses.empty()) output.groupProbability = p->sumOf(head.card.difficultClasses);
  // Grad-CAM is stretched over what the model saw: the square, the user's region as clipped, or the whole frame.
  Box seen{0, 0, double(frame.size().width), double(frame.size().height)};
  if (around) seen = *output.region;
  else if (output.region) seen = clippedToPicture(*output.region, frame.size());
  output.explanation = explain(engine, *p, head.card.decide(p->values), seen, result.timings);
  // Such a head saw black beyond its region; its coarse map, stretched over the frame, would spread over what
  // it never saw.
  if (!seenRegion.empty() && output.explanation)
    output.explanation->map = mapInsideRegion(output.explanation->map, seenRegion);
  return output;
}

std::optional<ClassActivation> InferenceStage::explain(ClassifierHead& head, const ClassProbabilities& p,
                                                      std::size_t decided, const Box& region, StageTimings& timings) {
  if (!explain_ || !head.explains()) return std::nullopt;
  StageClock clock;
  ClassActivation activation{head.gradCam(decided), region, p.labels.at(decided)};
  timings.postprocessMs += clock.lap();
  // A map with a NaN or an infinity in it shows nothing true; it is left out like any invalid output.
  if (activation.map.empty() || !cv::checkRange(activation.map)) return std::nullopt;
  return activation;
}

}  // namespace endoverlay
