#include "core/support/Logging.h"

#include <cstdlib>
#include <mutex>
#include <vector>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace endoverlay {
namespace {

constexpr std::size_t kLogFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kLogFiles = 3;

std::vector<spdlog::sink_ptr> makeSinks() {
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
  const auto file = stateDirectory() / "endoverlay.log";
  try {
    std::filesystem::create_directories(file.parent_path());
    sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), kLogFileBytes, kLogFiles));
  } catch (const std::exception& e) {
    // A read-only home must not stop the video; the console still gets every line.
    sinks.front()->log(spdlog::details::log_msg("core", spdlog::level::warn,
                                                std::string("no log file: ") + e.what()));
  }
  return sinks;
}

}  // namespace

std::filesystem::path stateDirectory() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) return std::filesystem::path(state) / "endoverlay";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".local" / "state" / "endoverlay";
}

std::shared_ptr<spdlog::logger> moduleLogger(const std::string& module) {
  static std::mutex mutex;
  static const std::vector<spdlog::sink_ptr> sinks = makeSinks();
  const std::lock_guard lock(mutex);
  if (auto existing = spdlog::get(module)) return existing;
  auto logger = std::make_shared<spdlog::logger>(module, sinks.begin(), sinks.end());
  const char* level = std::getenv("ENDOVERLAY_LOG_LEVEL");
  logger->set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace endoverlay
