#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/protocol/HeadKinds.h"

namespace endoverlay {

// Any problem with a protocol file or with the cards it needs. The message
// names the file and the field, so it can be shown to the user as it is.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a head looks at.
enum class HeadInput {
  Frame,       // the whole frame
  UserRegion,  // the region the user drags, or the whole frame until they drag one
  AroundHead,  // the square around an earlier head's box, its longer side times a scale
  InsideHead,  // the picture at the model's size, black beyond an earlier segmenter's region grown by the card's margin
};

// When a head runs.
enum class HeadRuns {
  Always,
  WhileShown,  // only on frames where an earlier head's detection is shown
};

// Where user_region heads read the region the user drags.
enum class RegionPlacement {
  AsDrawn,
  // A dual view (CEUS: B-mode left, contrast right, the same place twice): a region dragged on the left half
  // is read at the same place on the right half, which the heads look at.
  RightHalf,
};

// A contrast study's clock (CEUS): its phases by the time since the user marks the injection.
struct ContrastPhase {
  std::string id;                      // shown in words: "pancreatic"
  std::optional<double> untilSeconds;  // when it ends after the injection; none for the last, which does not
};

struct ContrastTiming {
  std::vector<ContrastPhase> phases;  // in time order
  // The heads read only from this phase on (the paper reads lesions in the pancreatic phase: before the
  // contrast has come, the picture says nothing of it); empty when they read from the start.
  std::string headsFrom;

  // The phase `seconds` after the injection (0 or more).
  const ContrastPhase& phaseAt(double seconds) const;
  // Where `id` lies among the phases; throws std::out_of_range when it is none of them.
  std::size_t indexOf(const std::string& id) const;
};

// What a still-image study protocol reads (CT, MR): slices of a study's series, not video frames.
enum class StudyModality { Ct, Mr };

// One series of a study the protocol reads, and how it is recognised among the study's series: by a word of
// its description (case does not count), or else by its place in Series Number order.
struct StudySeries {
  std::string id;                    // what heads name it by, and shown in words: "corticomedullary"
  std::vector<std::string> matches;  // words of a series description that make it this one
};

struct StudyLayout {
  StudyModality modality = StudyModality::Ct;
  std::vector<StudySeries> series;  // at least one; a protocol's heads read the first unless they name one

  // Where `id` lies among the series; throws std::out_of_range when it is none of them.
  std::size_t indexOf(const std::string& id) const;
};

// A study protocol reads 1 to this many series.
inline constexpr std::size_t kMaxStudySeries = 8;

// A protocol has 1 to this many contrast phases.
inline constexpr std::size_t kMaxContrastPhases = 8;

// A protocol runs 1 to this many heads on each frame.
inline constexpr std::size_t kMaxProtocolHeads = 8;

struct ProtocolHead {
  std::string id;                 // unique in its protocol
  std::string task;      // the card is chosen by its task ...
  std::string cardName;  // ... or, when this is set, by its name
  HeadInput input = HeadInput::Frame;
  std::string aroundHead;         // HeadInput::AroundHead: the head whose box is used
  std::string insideHead;         // HeadInput::InsideHead: the segmenter whose region is used
  std::string series;             // study protocols: the series the head reads; empty for the first
  std::optional<double> scale;    // HeadInput::AroundHead: unset takes the card's region_of_interest scale
  HeadRuns runs = HeadRuns::Always;
  std::string whileShownHead;     // HeadRuns::WhileShown: the head whose detection must be shown
  ReadoutKind readout = ReadoutKind::HeatmapBox;
  bool optional = false;          // the protocol runs without this head when no card serves it
};

// A protocol (schema endoverlay.protocol/1): what the app does in one mode —
// which model cards run, in which order, on what, and what the user sees.
// See docs/protocols.md.
struct Protocol {
  std::filesystem::path file;
  std::string id;    // what --mode and recordings name it by: [a-z0-9][a-z0-9_-]*, at most 32
  std::string name;  // what the window shows
  std::vector<ProtocolHead> heads;
  RegionPlacement userRegion = RegionPlacement::AsDrawn;
  // Contrast studies: the phases shown, and the time-intensity curve of the user's region (and of a reference
  // region) recorded on every frame.
  std::optional<ContrastTiming> contrast;
  // Still-image studies: the series the heads read. Their frames carry the slices' values, which the heads'
  // cards turn into grey (input.window or input.intensity); a video's frames do not.
  std::optional<StudyLayout> study;

  // Whether a head, or the contrast curve, reads the region the user drags, so the window offers to drag one.
  bool takesRegion() const;
  // Index of the head with `id`; throws std::out_of_range when there is none.
  std::size_t indexOf(const std::string& headId) const;

  // Reads and validates a protocol; throws ProtocolError "protocol PATH:
  // FIELD: problem". Whether the cards can serve it is checked when an
  // analysis is built from it (ResolvedProtocol).
  static Protocol load(const std::filesystem::path& file);
  static Protocol parse(const std::string& text, const std::filesystem::path& file);
};

// `text` in lower case when it is a well-formed protocol id; throws
// std::invalid_argument otherwise. Recordings made before protocols say
// "ERCP" or "EUS", which read as the ids ercp and eus.
std::string parseProtocolId(const std::string& text);

}  // namespace endoverlay
