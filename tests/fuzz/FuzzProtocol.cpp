// libFuzzer target: a protocol's text, as Protocol::load reads it, and the
// lookups an analysis makes of its heads' references.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/Protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const endoverlay::Protocol protocol =
        endoverlay::Protocol::parse(std::string(reinterpret_cast<const char*>(data), size), "/protocols/fuzz.json");
    protocol.takesRegion();
    for (const auto& head : protocol.heads) {
      if (head.input == endoverlay::HeadInput::AroundHead) protocol.indexOf(head.aroundHead);
      if (head.runs == endoverlay::HeadRuns::WhileShown) protocol.indexOf(head.whileShownHead);
      head.describeCard();
    }
  } catch (const endoverlay::ProtocolError&) {
  }
  return 0;
}
