#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace endoverlay {

// The named logger of one module ("core", "pipeline", "ui", "app"). All of
// them write to stderr and to a rotating file in the user's state directory.
std::shared_ptr<spdlog::logger> moduleLogger(const std::string& module);

// $XDG_STATE_HOME/endoverlay, or ~/.local/state/endoverlay.
std::filesystem::path stateDirectory();

}  // namespace endoverlay
