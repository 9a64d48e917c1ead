#include "core/protocol/Protocol.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "core/support/FileText.h"
#include "core/support/JsonFields.h"

namespace endoverlay {
namespace {

constexpr const char* kSchema = "endoverlay.protocol/1";
constexpr std::size_t kMaxIdLength = 32;

bool isIdCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }

bool isId(const std::string& text) {
  return !text.empty() && text.size() <= kMaxIdLength && text.front() != '_' && text.front() != '-' &&
         std::all_of(text.begin(), text.end(), isIdCharacter);
}

std::string idField(const JsonFields& fields, const std::string& key) {
  const std::string id = fields.text(key, kMaxIdLength);
  if (!isId(id)) fields.fail(key, "must be 1 to 32 of a-z, 0-9, '_' and '-', starting with a letter or digit");
  return id;
}

ReadoutKind parseReadout(const JsonFields& head) {
  try {
    return parseReadoutKind(head.text("readout", 32));
  } catch (const std::invalid_argument& e) {
    head.fail("readout", e.what());
  }
}

// `key` names a head before this one; heads run in order, so a later one has no output yet.
std::string earlierHead(const JsonFields& fields, const std::string& key, const std::set<std::string>& earlier) {
  const std::string id = idField(fields, key);
  if (earlier.count(id) == 0) fields.fail(key, "'" + id + "' is not a head listed before this one");
  return id;
}

void parseCard(const JsonFields& head, ProtocolHead& result) {
  const JsonFields card = head.object("card");
  card.allowOnly({"task", "name"});
  if (card.has("task") == card.has("name")) head.fail("card", "must name either a task or a card name");
  if (card.has("name")) {
    result.cardName = card.text("name", 100);
    return;
  }
  result.task = card.text("task", 64);
  if (!isTaskWord(result.task)) card.fail("task", "must be 1 to 64 of a-z, 0-9 and '_'");
}

void parseInput(const JsonFields& head, const std::set<std::string>& earlier, ProtocolHead& result) {
  if (!head.has("input")) return;
  if (head.raw().at("input").is_string()) {
    const std::string input = head.text("input", 32);
    if (input == "frame") result.input = HeadInput::Frame;
    else if (input == "user_region") result.input = HeadInput::UserRegion;
    else head.fail("input", "must be frame, user_region, {\"around\": HEAD} or {\"inside\": HEAD}, not '" + input + "'");
    return;
  }
  const JsonFields around = head.object("input");
  if (around.has("inside")) {
    around.allowOnly({"inside"});
    result.input = HeadInput::InsideHead;
    result.insideHead = earlierHead(around, "inside", earlier);
    return;
  }
  around.allowOnly({"around", "scale"});
  result.input = HeadInput::AroundHead;
  result.aroundHead = earlierHead(around, "around", earlier);
  result.scale = around.optionalNumber("scale", 0.1, 10);
}

void parseRuns(const JsonFields& head, const std::set<std::string>& earlier, ProtocolHead& result) {
  if (!head.has("runs")) return;
  if (head.raw().at("runs").is_string()) {
    const std::string runs = head.text("runs", 32);
    if (runs != "always") head.fail("runs", "must be always or {\"while_shown\": HEAD}, not '" + runs + "'");
    return;
  }
  const JsonFields when = head.object("runs");
  when.allowOnly({"while_shown"});
  result.runs = HeadRuns::WhileShown;
  result.whileShownHead = earlierHead(when, "while_shown", earlier);
}

ProtocolHead parseHead(const JsonFields& head, const std::set<std::string>& earlier) {
  head.allowOnly({"id", "card", "input", "runs", "readout", "optional", "series"});
  ProtocolHead result;
  result.id = idField(head, "id");
  if (earlier.count(result.id)) head.fail("id", "'" + result.id + "' is used by another head");
  parseCard(head, result);
  parseInput(head, earlier, result);
  parseRuns(head, earlier, result);
  result.readout = parseReadout(head);
  if (head.has("optional")) result.optional = head.boolean("optional");
  if (head.has("series")) result.series = idField(head, "series");
  return result;
}

ContrastTiming parseContrast(const JsonFields& contrast) {
  contrast.allowOnly({"phases", "heads_from_phase"});
  ContrastTiming timing;
  const nlohmann::json& phases = contrast.array("phases", 1, kMaxContrastPhases);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const JsonFields phase(phases[i], contrast.path("phases") + "[" + std::to_string(i) + "].");
    phase.allowOnly({"id", "until_s"});
    ContrastPhase result{idField(phase, "id"), std::nullopt};
    if (!ids.insert(result.id).second) phase.fail("id", "'" + result.id + "' names another phase too");
    const bool last = i + 1 == phases.size();
    if (last && phase.has("until_s")) phase.fail("until_s", "the last phase has no end");
    if (!last) {
      const double after = timing.phases.empty() ? 0.0 : *timing.phases.back().untilSeconds;
      result.untilSeconds = phase.number("until_s", 0, 24 * 3600);
      if (*result.untilSeconds <= after) phase.fail("until_s", "must be later than the phase before ends");
    }
    timing.phases.push_back(std::move(result));
  }
  if (contrast.has("heads_from_phase")) {
    timing.headsFrom = idField(contrast, "heads_from_phase");
    if (ids.count(timing.headsFrom) == 0) contrast.fail("heads_from_phase", "'" + timing.headsFrom + "' is not a phase listed");
  }
  return timing;
}

StudyLayout parseStudy(const JsonFields& study) {
  study.allowOnly({"modality", "series"});
  StudyLayout layout;
  const std::string modality = study.text("modality", 8);
  if (modality == "CT") layout.modality = StudyModality::Ct;
  else if (modality == "MR") layout.modality = StudyModality::Mr;
  else study.fail("modality", "must be CT or MR, not '" + modality + "'");
  const nlohmann::json& series = study.array("series", 1, kMaxStudySeries);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const JsonFields entry(series[i], study.path("series") + "[" + std::to_string(i) + "].");
    entry.allowOnly({"id", "matches"});
    StudySeries result{idField(entry, "id"), {}};
    if (!ids.insert(result.id).second) entry.fail("id", "'" + result.id + "' names another series too");
    if (entry.has("matches")) result.matches = entry.texts("matches", 1, 16);
    for (std::string& word : result.matches) {
      std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
      if (word.find_first_not_of(" \t") == std::string::npos || word.size() > 64)
        entry.fail("matches", "each word must be 1 to 64 characters, not only spaces");
    }
    layout.series.push_back(std::move(result));
  }
  return layout;
}

// Study protocols' heads each read one of its series; other protocols' heads name none.
void checkSeries(const JsonFields& fields, const Protocol& protocol) {
  for (std::size_t i = 0; i < protocol.heads.size(); ++i) {
    const std::string& series = protocol.heads[i].series;
    if (series.empty()) continue;
    const std::string key = "heads[" + std::to_string(i) + "].series";
    if (!protocol.study) fields.fail(key, "only a protocol with a study reads series");
    try {
      protocol.study->indexOf(series);
    } catch (const std::out_of_range&) {
      fields.fail(key, "'" + series + "' is not a series of the study");
    }
  }
  if (protocol.study && protocol.contrast) fields.fail("study", "a still-image study has no contrast clock");
}

}  // namespace

std::size_t StudyLayout::indexOf(const std::string& id) const {
  for (std::size_t i = 0; i < series.size(); ++i)
    if (series[i].id == id) return i;
  throw std::out_of_range("no study series '" + id + "'");
}

const ContrastPhase& ContrastTiming::phaseAt(double seconds) const {
  for (const ContrastPhase& phase : phases)
    if (!phase.untilSeconds || seconds < *phase.untilSeconds) return phase;
  return phases.back();
}

std::size_t ContrastTiming::indexOf(const std::string& id) const {
  for (std::size_t i = 0; i < phases.size(); ++i)
    if (phases[i].id == id) return i;
  throw std::out_of_range("no contrast phase '" + id + "'");
}

bool Protocol::takesRegion() const {
  return contrast || std::any_of(heads.begin(), heads.end(),
                                 [](const ProtocolHead& h) { return h.input == HeadInput::UserRegion; });
}

std::size_t Protocol::indexOf(const std::string& headId) const {
  for (std::size_t i = 0; i < heads.size(); ++i)
    if (heads[i].id == headId) return i;
  throw std::out_of_range("protocol " + id + " has no head '" + headId + "'");
}

Protocol Protocol::parse(const std::string& text, const std::filesystem::path& file) {
  const std::string prefix = "protocol " + file.string() + ": ";
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) throw ProtocolError(prefix + "is not valid JSON");
  Protocol result;
  result.file = file;
  try {
    const JsonFields fields(json, "");
    if (!fields.has("schema") || fields.raw().at("schema") != kSchema)
      throw FieldError(std::string("is not an Endoverlay protocol (field 'schema' must be '") + kSchema + "')");
    fields.allowOnly({"schema", "id", "name", "description", "user_region", "contrast", "study", "heads"});
    result.id = idField(fields, "id");
    result.name = fields.text("name", 40);
    if (fields.has("user_region")) {
      const std::string placement = fields.text("user_region", 16);
      if (placement == "right_half") result.userRegion = RegionPlacement::RightHalf;
      else if (placement != "as_drawn") fields.fail("user_region", "must be as_drawn or right_half");
    }
    if (fields.has("description")) fields.text("description");
    if (fields.has("contrast")) result.contrast = parseContrast(fields.object("contrast"));
    if (fields.has("study")) result.study = parseStudy(fields.object("study"));
    const nlohmann::json& heads = fields.array("heads", 1, kMaxProtocolHeads);
    std::set<std::string> earlier;
    for (std::size_t i = 0; i < heads.size(); ++i) {
      result.heads.push_back(parseHead(JsonFields(heads[i], "heads[" + std::to_string(i) + "]."), earlier));
      earlier.insert(result.heads.back().id);
    }
    checkSeries(fields, result);
  } catch (const FieldError& e) {
    throw ProtocolError(prefix + e.what());
  }
  return result;
}

Protocol Protocol::load(const std::filesystem::path& file) {
  const std::optional<std::string> bytes = readFileBytes(file);
  if (!bytes) throw ProtocolError("protocol " + file.string() + ": cannot be read (missing or not permitted)");
  return parse(*bytes, file);
}

std::string parseProtocolId(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!isId(lower)) throw std::invalid_argument("'" + text + "' is not a protocol id (1 to 32 of a-z, 0-9, '_' and '-')");
  return lower;
}

}  // namespace endoverlay
