#include "core/StabilitySettings.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace endoverlay {
namespace {

using nlohmann::json;

class SettingsReader {
 public:
  SettingsReader(std::filesystem::path path, json root) : path_(std::move(path)), root_(std::move(root)) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw std::runtime_error("settings " + path_.string() + ": " + problem);
  }

  void read(const json& object, const std::string& key, double& value, const std::string& where, double max) const {
    const auto it = object.find(key);
    if (it == object.end()) return;
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > max)
      fail("'" + where + key + "' must be a number from 0 to " + std::to_string(static_cast<long long>(max)));
    value = it->get<double>();
  }

  void read(const std::string& key, HysteresisSettings& value) const {
    const auto it = root_.find(key);
    if (it == root_.end()) return;
    if (!it->is_object()) fail("'" + key + "' must be an object with on, off, show_delay_ms, min_on_screen_ms");
    read(*it, "on", value.on, key + ".", 1);
    read(*it, "off", value.off, key + ".", 1);
    read(*it, "show_delay_ms", value.showDelayMs, key + ".", 600'000);
    read(*it, "min_on_screen_ms", value.minOnScreenMs, key + ".", 600'000);
    if (value.off > value.on) fail("'" + key + ".off' must not be above '" + key + ".on'");
  }

  const json& root() const { return root_; }

 private:
  std::filesystem::path path_;
  json root_;
};

}  // namespace

StabilitySettings StabilitySettings::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("settings " + path.string() + " cannot be read");
  json root;
  try {
    root = json::parse(in);
  } catch (const json::parse_error& e) {
    throw std::runtime_error("settings " + path.string() + " is not valid JSON (" + e.what() + ")");
  }
  const SettingsReader reader(path, root);
  if (!root.is_object()) reader.fail("must be a JSON object");
  StabilitySettings settings;
  reader.read(root, "mask_time_constant_ms", settings.maskTimeConstantMs, "", 60'000);
  reader.read(root, "probability_time_constant_ms", settings.probabilityTimeConstantMs, "", 60'000);
  reader.read(root, "lost_after_ms", settings.lostAfterMs, "", 600'000);
  reader.read("difficulty_amber", settings.difficultyAmber);
  reader.read("difficulty_red", settings.difficultyRed);
  reader.read("cyst_type", settings.cystType);
  return settings;
}

}  // namespace endoverlay
