#include "core/ReviewFile.h"

#include <chrono>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/UtcTime.h"

namespace endoverlay {
namespace {

constexpr const char* kSchema = "endoverlay.review/1";

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

Review Review::load(const std::filesystem::path& path) {
  Review review;
  if (!std::filesystem::exists(path)) return review;
  std::ifstream in(path);
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object() || json.value("schema", "") != kSchema)
    throw std::runtime_error("review " + path.string() + " is not an " + kSchema + " file");
  try {
    const auto& verdict = json.at("verdict");
    if (verdict == "agree") review.verdict = Verdict::Agree;
    else if (verdict == "disagree") review.verdict = Verdict::Disagree;
    else if (!verdict.is_null()) throw std::runtime_error("verdict must be agree, disagree or null");
    for (const auto& note : json.at("notes")) review.notes.push_back({note.at("frame"), note.at("text")});
    review.reviewedUtc = json.value("reviewed_utc", "");
  } catch (const std::exception& e) {
    throw std::runtime_error("review " + path.string() + " cannot be read: " + e.what());
  }
  return review;
}

void Review::save(const std::filesystem::path& path) {
  reviewedUtc = formatUtc(std::chrono::system_clock::now());
  nlohmann::json json = {{"schema", kSchema},
                         {"verdict", verdict ? nlohmann::json(toString(*verdict)) : nlohmann::json(nullptr)},
                         {"notes", nlohmann::json::array()},
                         {"reviewed_utc", reviewedUtc}};
  for (const EventNote& note : notes) json["notes"].push_back({{"frame", note.frame}, {"text", note.text}});
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << json.dump(2) << '\n';
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw std::runtime_error("saving the review " + path.string() + " failed (disk full or read-only folder?)");
    }
  }
  std::filesystem::rename(partial, path);
}

}  // namespace endoverlay
