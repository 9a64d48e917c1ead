#include "core/stability/StabilitySettings.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/support/FileText.h"
#include "core/support/JsonFields.h"

namespace endoverlay {
namespace {

constexpr double kMaxTimeConstantMs = 60'000;
constexpr double kMaxDelayMs = 600'000;

void readTime(const JsonFields& fields, const char* key, double& value, double most) {
  if (const auto number = fields.optionalNumber(key, 0, most)) value = *number;
}

void readSwitch(const JsonFields& root, const char* key, HysteresisSettings& value) {
  const std::optional<JsonFields> fields = root.optionalObject(key);
  if (!fields) return;
  fields->allowOnly({"on", "off", "show_delay_ms", "min_on_screen_ms"});
  readTime(*fields, "on", value.on, 1);
  readTime(*fields, "off", value.off, 1);
  readTime(*fields, "show_delay_ms", value.showDelayMs, kMaxDelayMs);
  readTime(*fields, "min_on_screen_ms", value.minOnScreenMs, kMaxDelayMs);
  if (value.off > value.on) fields->fail("off", "must not be above " + fields->path("on"));
}

}  // namespace

StabilitySettings StabilitySettings::parse(const std::string& text) {
  const nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
  if (root.is_discarded()) throw FieldError("is not valid JSON");
  const JsonFields fields(root, "");
  fields.allowOnly({"mask_time_constant_ms", "probability_time_constant_ms", "lost_after_ms", "difficulty_amber",
                    "difficulty_red", "cyst_type"});
  StabilitySettings settings;
  readTime(fields, "mask_time_constant_ms", settings.maskTimeConstantMs, kMaxTimeConstantMs);
  readTime(fields, "probability_time_constant_ms", settings.probabilityTimeConstantMs, kMaxTimeConstantMs);
  readTime(fields, "lost_after_ms", settings.lostAfterMs, kMaxDelayMs);
  readSwitch(fields, "difficulty_amber", settings.difficultyAmber);
  readSwitch(fields, "difficulty_red", settings.difficultyRed);
  readSwitch(fields, "cyst_type", settings.cystType);
  // Amber is the milder warning: it comes on no later, and goes off no later, than red.
  if (settings.difficultyAmber.on > settings.difficultyRed.on)
    throw FieldError("difficulty_amber.on: must not be above difficulty_red.on");
  if (settings.difficultyAmber.off > settings.difficultyRed.off)
    throw FieldError("difficulty_amber.off: must not be above difficulty_red.off");
  return settings;
}

StabilitySettings StabilitySettings::load(const std::filesystem::path& path) {
  const std::optional<std::string> text = readFileBytes(path);
  if (!text) throw std::runtime_error("settings " + path.string() + " cannot be read");
  try {
    return parse(*text);
  } catch (const FieldError& e) {
    throw std::runtime_error("settings " + path.string() + ": " + e.what());
  }
}

}  // namespace endoverlay
