#include "core/recording/ReviewFile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/support/AtomicFile.h"
#include "core/support/FileText.h"
#include "core/support/JsonFields.h"
#include "core/support/UtcTime.h"

namespace endoverlay {
namespace {

constexpr const char* kSchema = "endoverlay.review/1";
constexpr std::size_t kMaxNotes = 100'000;
constexpr std::size_t kMaxNoteBytes = 10'000;

std::string stemOf(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  for (const char* suffix : {".results.jsonl", ".review.json", ".mkv"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
      return name.substr(0, name.size() - s.size());
  }
  return file.stem().string();
}

}  // namespace

std::string toString(Verdict verdict) { return verdict == Verdict::Agree ? "agree" : "disagree"; }

std::filesystem::path reviewPathFor(const std::filesystem::path& recordingFile) {
  return recordingFile.parent_path() / (stemOf(recordingFile) + ".review.json");
}

Review Review::parse(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) throw FieldError("is not valid JSON");
  const JsonFields fields(json, "");
  if (!fields.has("schema") || json.at("schema") != kSchema) fields.fail("schema", std::string("must be ") + kSchema);
  Review review;
  if (const auto verdict = fields.optionalText("verdict", 16)) {
    if (*verdict == "agree") review.verdict = Verdict::Agree;
    else if (*verdict == "disagree") review.verdict = Verdict::Disagree;
    else fields.fail("verdict", "must be agree, disagree or null");
  }
  const nlohmann::json& notes = fields.array("notes", 0, kMaxNotes);
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const JsonFields note(notes[i], "notes[" + std::to_string(i) + "].");
    review.notes.push_back({note.integer("frame", 0, 1'000'000'000), note.text("text", kMaxNoteBytes)});
  }
  if (const auto region = fields.optionalObject("region")) {
    constexpr double kLargest = 100'000;  // beyond any picture's side
    review.region = Box{region->number("x", 0, kLargest), region->number("y", 0, kLargest),
                        region->number("width", 1e-3, kLargest), region->number("height", 1e-3, kLargest)};
  }
  review.reviewedUtc = fields.optionalText("reviewed_utc", 40).value_or("");
  return review;
}

Review Review::load(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return {};
  const std::optional<std::string> text = readFileBytes(path);
  if (!text) throw std::runtime_error("review " + path.filename().string() + " cannot be read");
  try {
    return parse(*text);
  } catch (const FieldError& e) {
    throw std::runtime_error("review " + path.filename().string() + " cannot be read: " + e.what());
  }
}

void Review::save(const std::filesystem::path& path) {
  reviewedUtc = formatUtc(std::chrono::system_clock::now());
  nlohmann::json json = {{"schema", kSchema},
                         {"verdict", verdict ? nlohmann::json(toString(*verdict)) : nlohmann::json(nullptr)},
                         {"notes", nlohmann::json::array()},
                         {"reviewed_utc", reviewedUtc}};
  for (const EventNote& note : notes) json["notes"].push_back({{"frame", note.frame}, {"text", note.text}});
  if (region) json["region"] = {{"x", region->x}, {"y", region->y}, {"width", region->width}, {"height", region->height}};
  // What load() would refuse is never written.
  try {
    parse(json.dump());
  } catch (const FieldError& e) {
    throw std::runtime_error("the review was not saved: " + std::string(e.what()));
  }
  try {
    writeFileAtomically(path, json.dump(2) + "\n");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("saving the review failed: " + std::string(e.what()));
  }
}

std::string Review::noteAt(std::int64_t frame) const {
  for (const EventNote& note : notes)
    if (note.frame == frame) return note.text;
  return {};
}

void Review::setNote(std::int64_t frame, const std::string& text) {
  notes.erase(std::remove_if(notes.begin(), notes.end(), [frame](const EventNote& n) { return n.frame == frame; }), notes.end());
  if (text.empty()) return;
  notes.push_back({frame, text});
  std::sort(notes.begin(), notes.end(), [](const EventNote& a, const EventNote& b) { return a.frame < b.frame; });
}

Review Review::update(const std::filesystem::path& path, const std::function<void(Review&)>& edit) {
  const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  const int lock = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) throw std::runtime_error("saving the review failed: its folder cannot be opened (" + std::string(std::strerror(errno)) + ")");
  // Released when the descriptor closes, whatever happens in between.
  const std::unique_ptr<int, void (*)(int*)> unlock(new int(lock), [](int* fd) {
    ::close(*fd);
    delete fd;
  });
  while (::flock(lock, LOCK_EX) != 0)
    if (errno != EINTR) throw std::runtime_error("saving the review failed: the folder cannot be locked");
  Review review = load(path);
  edit(review);
  review.save(path);
  return review;
}

}  // namespace endoverlay
