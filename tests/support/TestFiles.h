#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/protocol/Protocol.h"

class QTemporaryDir;

namespace endoverlay::test {

std::filesystem::path resources();
std::filesystem::path bundledModels();
// How many model cards the app ships (every *.json in bundledModels()).
std::size_t bundledModelCount();
// The bundled protocols, by file name: ceus, ercp, eus.
std::vector<Protocol> bundledProtocols();
std::filesystem::path ercpDemoClip();
std::filesystem::path ercpDemoTruth();

// A fresh copy of the bundled models in `directory`, to damage on purpose.
void copyBundledModels(const std::filesystem::path& directory);

// A folder of `scratch` named after the running test function, created.
std::filesystem::path folderForThisTest(const QTemporaryDir& scratch);

std::string readText(const std::filesystem::path& path);
void writeText(const std::filesystem::path& path, const std::string& text);

}  // namespace endoverlay::test
