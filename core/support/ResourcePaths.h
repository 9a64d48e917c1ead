#pragma once

#include <filesystem>

namespace endoverlay {

// Where the bundled models and demo clips are: $ENDOVERLAY_RESOURCES, else
// the installed share/endoverlay beside the running executable's prefix,
// else the source tree the program was built from.
std::filesystem::path resourcesDirectory();

std::filesystem::path bundledModelsDirectory();
std::filesystem::path bundledProtocolsDirectory();
std::filesystem::path bundledErcpDemoClip();

}  // namespace endoverlay
