// libFuzzer target: a protocol's text, as Protocol::load reads it, then
// matched against the bundled model cards as an analysis would match it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ModelDirectory.h"
#include "core/protocol/Protocol.h"
#include "core/protocol/ResolvedProtocol.h"
#include "core/support/ResourcePaths.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<endoverlay::ModelCard> cards = endoverlay::loadModelCards(endoverlay::bundledModelsDirectory());
  try {
    const endoverlay::Protocol protocol =
        endoverlay::Protocol::parse(std::string(reinterpret_cast<const char*>(data), size), "/protocols/fuzz.json");
    protocol.takesRegion();
    const endoverlay::ResolvedProtocol resolved = endoverlay::ResolvedProtocol::resolve(protocol, cards);
    // Every reference between heads points at a head before it.
    for (std::size_t i = 0; i < resolved.heads.size(); ++i) {
      const endoverlay::ResolvedHead& head = resolved.heads[i];
      if (head.spec.input == endoverlay::HeadInput::AroundHead && head.aroundHead >= i) __builtin_trap();
      if (head.spec.runs == endoverlay::HeadRuns::WhileShown && head.shownHead >= i) __builtin_trap();
    }
  } catch (const endoverlay::ProtocolError&) {
  }
  return 0;
}
