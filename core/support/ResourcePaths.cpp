#include "core/support/ResourcePaths.h"

#include <cstdlib>

namespace endoverlay {

std::filesystem::path resourcesDirectory() {
  if (const char* overridden = std::getenv("ENDOVERLAY_RESOURCES"); overridden && *overridden) return overridden;
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto installed = executable.parent_path().parent_path() / ENDOVERLAY_INSTALL_RESOURCES;
    if (std::filesystem::is_directory(installed / "models", error)) return installed;
  }
  return ENDOVERLAY_SOURCE_RESOURCES;
}

std::filesystem::path bundledModelsDirectory() { return resourcesDirectory() / "models"; }

std::filesystem::path bundledProtocolsDirectory() { return resourcesDirectory() / "protocols"; }

std::filesystem::path bundledErcpDemoClip() { return resourcesDirectory() / "clips" / "ercp_demo.mp4"; }

}  // namespace endoverlay
