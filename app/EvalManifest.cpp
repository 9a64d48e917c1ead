#include "app/EvalManifest.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/protocol/Protocol.h"

namespace endoverlay {
namespace {

const char* const kSchema = "endoverlay.eval-set/1";

// A file or folder of the set (`key`): a relative path inside its folder, never outside it.
std::filesystem::path pathIn(const std::filesystem::path& folder, const JsonFields& entry, const char* key) {
  const std::filesystem::path inside = entry.text(key, 1000);
  if (inside.is_absolute() || std::any_of(inside.begin(), inside.end(), [](const auto& part) { return part == ".."; }))
    entry.fail(key, "must be a path inside the set's folder");
  return folder / inside;
}

}  // namespace

std::optional<std::string> evalSetMode(const JsonFields& fields) {
  const std::optional<std::string> mode = fields.optionalText("mode", 32);
  if (!mode) return std::nullopt;
  try {
    return parseProtocolId(*mode);
  } catch (const std::invalid_argument& e) {
    fields.fail("mode", e.what());
  }
}

EvalManifest parseEvalManifest(const nlohmann::json& manifest, const std::filesystem::path& folder) {
  EvalManifest result;
  const JsonFields fields(manifest, "");
  if (!fields.has("schema") || manifest.at("schema") != kSchema) fields.fail("schema", std::string("must be ") + kSchema);
  result.mode = evalSetMode(fields);
  const nlohmann::json& frames = fields.array("frames", 1, 10'000'000);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const JsonFields entry(frames[i], "frames[" + std::to_string(i) + "].");
    if (entry.has("study")) result.entries.push_back({pathIn(folder, entry, "study"), entry.number("slice_mm", -1e5, 1e5)});
    else result.entries.push_back({pathIn(folder, entry, "image"), std::nullopt});
    try {
      result.truth.push_back(truthFromJson(frames[i]));
    } catch (const FieldError& e) {
      throw FieldError(entry.path(e.what()));
    }
    result.truth.back().frame = static_cast<std::int64_t>(i);
  }
  return result;
}

}  // namespace endoverlay
