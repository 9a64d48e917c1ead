#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

enum class Verdict { Agree, Disagree };

struct EventNote {
  std::int64_t frame = 0;
  std::string text;
};

// A QA reviewer's judgement of one recording, kept in STEM.review.json
// beside it — never inside the recording's own files: a verdict on the AI
// (agree or disagree) and notes tied to frames (usually an event's). A CT or
// MR study's review (STUDY_ID.review.json in the output folder) ties its notes
// to slices instead, and keeps the region its heads were read on.
struct Review {
  std::optional<Verdict> verdict;  // none until the reviewer decides
  std::vector<EventNote> notes;
  std::optional<Box> region;  // studies: the region the reviewer read them on, in slice pixels
  std::string reviewedUtc;  // when it was last saved

  bool reviewed() const { return verdict.has_value(); }

  // An empty review when there is no file yet; throws std::runtime_error on
  // a file that cannot be read as a review, naming it and the field.
  static Review load(const std::filesystem::path& path);
  // The file's text; throws FieldError naming the field (a wrong type, a note
  // with control characters or over 10 000 bytes, a negative frame, an empty
  // or negative region).
  static Review parse(const std::string& text);
  // Writes a new file and renames it over the old one, flushed to the disk,
  // so a crash or a full disk never leaves half a review. Throws std::runtime_error.
  void save(const std::filesystem::path& path);
  // Reads the review saved at `path` (empty when none), applies `edit` and
  // saves it, holding a lock on the folder meanwhile: two windows editing
  // one review each keep the other's changes. Returns what was saved;
  // throws std::runtime_error.
  static Review update(const std::filesystem::path& path, const std::function<void(Review&)>& edit);

  // The note on `frame`; empty when none.
  std::string noteAt(std::int64_t frame) const;
  // Replaces the note on `frame`; an empty text removes it.
  void setNote(std::int64_t frame, const std::string& text);
};

// STEM.review.json for STEM.mkv or STEM.results.jsonl.
std::filesystem::path reviewPathFor(const std::filesystem::path& recordingFile);

std::string toString(Verdict verdict);

}  // namespace endoverlay
