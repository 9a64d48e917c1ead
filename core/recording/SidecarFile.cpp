#include "core/recording/SidecarFile.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "core/support/JsonFields.h"
#include "core/recording/ResultJson.h"

namespace endoverlay {
namespace {

// A result line is about a kilobyte; a line far longer is not one of ours.
constexpr std::size_t kMaxLineBytes = 1 << 20;

// The next line, without its newline; what lies beyond kMaxLineBytes is read past, not kept, so a hostile
// file cannot make a line of gigabytes. False at the end of the stream.
bool readLine(std::istream& in, std::string& line, bool& tooLong) {
  line.clear();
  tooLong = false;
  std::streambuf* buffer = in.rdbuf();
  bool any = false;
  for (int c = buffer->sbumpc(); c != std::char_traits<char>::eof(); c = buffer->sbumpc()) {
    any = true;
    if (c == '\n') return true;
    if (line.size() < kMaxLineBytes) line.push_back(static_cast<char>(c));
    else tooLong = true;
  }
  return any;
}

}  // namespace

const InferenceResult* resultShownAt(const std::vector<InferenceResult>& results, std::int64_t frame) {
  const auto after = std::upper_bound(results.begin(), results.end(), frame,
                                      [](std::int64_t f, const InferenceResult& r) { return f < r.frameIndex; });
  return after == results.begin() ? nullptr : &*std::prev(after);
}

std::filesystem::path sidecarPathFor(const std::filesystem::path& video) {
  return video.parent_path() / (video.stem().string() + ".results.jsonl");
}

SidecarFile SidecarFile::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("sidecar " + path.filename().string() + " cannot be read (missing?)");
  return read(in, "sidecar " + path.filename().string());
}

SidecarFile SidecarFile::read(std::istream& in, const std::string& name) {
  SidecarFile file;
  std::string line;
  bool tooLong = false;
  if (!readLine(in, line, tooLong) || line.empty()) throw std::runtime_error(name + " is empty");
  try {
    if (tooLong) throw FieldError("the header line is too long");
    const nlohmann::json header = nlohmann::json::parse(line, nullptr, false);
    if (header.is_discarded()) throw FieldError("the header line is not JSON");
    file.header = headerFromJson(header);
  } catch (const FieldError& e) {
    throw std::runtime_error(name + " has no readable header (line 1: " + e.what() + ")");
  }
  std::size_t number = 1;
  std::size_t skipped = 0;
  std::string firstProblem;
  while (readLine(in, line, tooLong)) {
    ++number;
    try {
      if (tooLong) throw FieldError("the line is too long");
      const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
      if (json.is_discarded()) throw FieldError("not JSON (cut short?)");
      InferenceResult result = resultFromJson(json);
      if (!file.results.empty() && result.frameIndex < file.results.back().frameIndex)
        throw FieldError("frame: " + std::to_string(result.frameIndex) + " is before the line before's");
      file.results.push_back(std::move(result));
    } catch (const FieldError& e) {
      if (skipped++ == 0) firstProblem = "line " + std::to_string(number) + ": " + e.what();
    }
  }
  if (skipped > 0)
    file.damage = name + " is damaged: skipped " + std::to_string(skipped) + " line(s), the first at " + firstProblem +
                  "; loaded " + std::to_string(file.results.size()) + " results";
  return file;
}

}  // namespace endoverlay
