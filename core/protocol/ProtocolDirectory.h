#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/protocol/Protocol.h"

namespace endoverlay {

// The bundled protocols, then a site's (--protocols DIR), each folder's
// *.json in file-name order. Throws ProtocolError when a folder is missing
// or unreadable, a protocol in it is broken, or two protocols share an id
// (naming both files). An empty `siteFolder` adds nothing.
std::vector<Protocol> loadProtocols(const std::filesystem::path& bundledFolder, const std::filesystem::path& siteFolder);

// The protocol with `id`; throws std::invalid_argument naming the ids there are.
const Protocol& findProtocol(const std::vector<Protocol>& protocols, const std::string& id);

// The protocol `mode` names (any case) among the bundled protocols and the
// site's, for a --mode option. Throws std::invalid_argument naming the
// protocols there are, or saying what is wrong with a protocol file.
Protocol protocolNamed(const std::string& mode, const std::filesystem::path& siteFolder);

}  // namespace endoverlay
