#include "support/TestFiles.h"

#include "core/protocol/ProtocolDirectory.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace endoverlay::test {

std::filesystem::path resources() { return ENDOVERLAY_TEST_RESOURCES; }
std::filesystem::path bundledModels() { return resources() / "models"; }
std::vector<Protocol> bundledProtocols() { return loadProtocols(resources() / "protocols", {}); }
std::filesystem::path ercpDemoClip() { return resources() / "clips" / "ercp_demo.mp4"; }
std::filesystem::path ercpDemoTruth() { return resources() / "clips" / "ercp_demo.truth.jsonl"; }

std::size_t bundledModelCount() {
  std::size_t cards = 0;
  for (const auto& entry : std::filesystem::directory_iterator(bundledModels()))
    cards += entry.path().extension() == ".json";
  return cards;
}

void copyBundledModels(const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  for (const auto& entry : std::filesystem::directory_iterator(bundledModels()))
    std::filesystem::copy_file(entry.path(), directory / entry.path().filename(),
                               std::filesystem::copy_options::overwrite_existing);
}

std::filesystem::path folderForThisTest(const QTemporaryDir& scratch) {
  const std::filesystem::path folder = std::filesystem::path(scratch.path().toStdString()) / QTest::currentTestFunction();
  std::filesystem::create_directories(folder);
  return folder;
}

std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace endoverlay::test
