#include "core/protocol/ProtocolDirectory.h"

#include <algorithm>
#include <stdexcept>

#include "core/support/FileText.h"
#include "core/support/ResourcePaths.h"

namespace endoverlay {
namespace {

void addFolder(const std::filesystem::path& folder, std::vector<Protocol>& protocols) {
  std::vector<std::filesystem::path> paths;
  try {
    paths = jsonFilesIn(folder);
  } catch (const std::runtime_error& e) {
    throw ProtocolError("protocols folder " + folder.string() + " " + e.what());
  }
  for (const auto& path : paths) {
    Protocol protocol = Protocol::load(path);
    const auto same = std::find_if(protocols.begin(), protocols.end(), [&](const Protocol& p) { return p.id == protocol.id; });
    if (same != protocols.end())
      throw ProtocolError("protocols " + same->file.string() + " and " + path.string() + " both have the id '" +
                          protocol.id + "'");
    const auto named = std::find_if(protocols.begin(), protocols.end(), [&](const Protocol& p) { return p.name == protocol.name; });
    if (named != protocols.end())
      throw ProtocolError("protocols " + named->file.string() + " and " + path.string() + " both have the name '" +
                          protocol.name + "', which the mode switcher could not tell apart");
    protocols.push_back(std::move(protocol));
  }
}

}  // namespace

std::vector<Protocol> loadProtocols(const std::filesystem::path& bundledFolder, const std::filesystem::path& siteFolder) {
  std::vector<Protocol> protocols;
  addFolder(bundledFolder, protocols);
  if (!siteFolder.empty()) addFolder(siteFolder, protocols);
  return protocols;
}

const Protocol& findProtocol(const std::vector<Protocol>& protocols, const std::string& id) {
  const auto it = std::find_if(protocols.begin(), protocols.end(), [&](const Protocol& p) { return p.id == id; });
  if (it != protocols.end()) return *it;
  std::string known;
  for (const Protocol& p : protocols) known += (known.empty() ? "" : ", ") + p.id;
  throw std::invalid_argument("no protocol '" + id + "' (there are: " + known + ")");
}

Protocol protocolNamed(const std::string& mode, const std::filesystem::path& siteFolder) {
  try {
    return findProtocol(loadProtocols(bundledProtocolsDirectory(), siteFolder), parseProtocolId(mode));
  } catch (const ProtocolError& e) {
    throw std::invalid_argument(e.what());
  }
}

}  // namespace endoverlay
