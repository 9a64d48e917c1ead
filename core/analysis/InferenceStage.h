#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/model/EngineOptions.h"
#include "core/analysis/FrameAnalyzer.h"
#include "core/model/ModelCard.h"
#include "core/protocol/ResolvedProtocol.h"
#include "core/stability/TemporalFilter.h"

namespace endoverlay {

class ClassifierHead;
class ModelHead;

// A protocol the stage knows, with why it cannot run when the cards do not serve it.
struct ProtocolChoice {
  std::string id;
  std::string name;
  std::string unavailable;  // empty when the cards serve it
};

// The heads of the current protocol on one frame, in the protocol's order:
// each on the frame, the region the user set, the square around an earlier
// head's box, or inside an earlier segmenter's region, and only while an
// earlier head shows its detection when the protocol says so. On a still
// study's frame each head reads its series' slice through its own card's
// window or stretch, and shows what it gave, unsmoothed. Every card a servable protocol uses is loaded
// once, at construction. The protocol and the user's region may be changed
// from any thread; analyze() runs on one.
class InferenceStage : public FrameAnalyzer {
 public:
  // Throws ProtocolError when the cards cannot serve `initialProtocol`, and
  // std::invalid_argument when no protocol has that id.
  InferenceStage(const std::vector<Protocol>& protocols, const std::vector<ModelCard>& cards,
                 const EngineOptions& options, const std::string& initialProtocol,
                 const StabilitySettings& stability = {});
  ~InferenceStage() override;

  // The raw heads, then each head's stable readout (HeadOutput::stable) of this frame.
  // Throws std::invalid_argument when the user's region lies wholly outside the picture.
  InferenceResult analyze(const Frame& frame) override;
  std::vector<ModelIdentity> models() const override;
  std::string device() const override;

  // Every protocol given that reads the initial protocol's kind of source (video, or still studies), in
  // order, and whether the cards serve it.
  const std::vector<ProtocolChoice>& choices() const { return choices_; }
  // Throws std::invalid_argument naming the reason when `id` is unknown or not served.
  void setProtocol(const std::string& id);
  const Protocol& protocol() const;
  void setUserRegion(std::optional<Box> region);
  // Contrast protocols: a second region, on parenchyma, whose curve the user's region is compared with.
  void setReferenceRegion(std::optional<Box> region);
  // Contrast protocols: the source time the contrast was injected at; frames from it on are timed by it.
  void setInjection(std::optional<std::int64_t> ptsNs);
  // Grad-CAM for the classifier heads (HeadOutput::explanation); off by default.
  void setExplanations(bool on) { explain_ = on; }
  // The next analyze() starts its smoothing afresh: after a jump in a
  // replayed video the frames before it say nothing about the one shown.
  void restartSmoothing() { restartSmoothing_ = true; }
  // Results so far in which some head's output held a NaN or an infinity.
  std::int64_t invalidResults() const { return invalidResults_.load(); }

 private:
  struct Engines;
  // Grad-CAM of the decided class when explanations are on; its time counts as postprocessing.
  std::optional<ClassActivation> explain(ClassifierHead& head, const ClassProbabilities& p, std::size_t decided,
                                         const Box& region, StageTimings& timings);
  // The picture a classifier head sees, and where it lies in the frame when
  // that is not the whole frame: the user's region placed as the frame's
  // protocol says, clipped to the picture, the square around `around`, or the
  // picture at the model's size black beyond `inside` (a segmentedRegion; empty
  // for a head that does not read inside one).
  // Throws std::invalid_argument when the user's region lies wholly outside
  // the picture.
  cv::Mat regionFor(const ResolvedHead& head, RegionPlacement placement, const Frame& frame, const Box* around,
                    const cv::Mat& inside, std::optional<Box>& where);
  HeadOutput runClassifier(const ResolvedHead& head, RegionPlacement placement, const Frame& frame, const Box* around,
                           const HeadOutput* inside, InferenceResult& result);
  static void noteDevice(const ModelHead& head, InferenceResult& result);
  // The contrast clock and the regions' brightness on `frame`, for a protocol with a contrast clock.
  ContrastReading readContrast(const Protocol& protocol, const Frame& frame) const;

  std::vector<std::optional<ResolvedProtocol>> resolved_;  // by index into choices_; none when not served
  std::vector<ProtocolChoice> choices_;
  std::unique_ptr<Engines> engines_;
  StabilitySettings stability_;
  std::atomic<std::size_t> current_{0};
  std::atomic<bool> explain_{false};
  std::atomic<bool> restartSmoothing_{false};
  std::atomic<std::int64_t> invalidResults_{0};
  std::size_t filtered_ = 0;  // the protocol filter_ smooths for
  std::unique_ptr<TemporalFilter> filter_;
  mutable std::mutex regionMutex_;
  std::optional<Box> userRegion_;
  std::optional<Box> referenceRegion_;
  std::optional<std::int64_t> injectionPtsNs_;
};

}  // namespace endoverlay
