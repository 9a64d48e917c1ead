#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/model/ModelCard.h"
#include "core/protocol/Protocol.h"

namespace endoverlay {

// A protocol head with the card that serves it.
struct ResolvedHead {
  ProtocolHead spec;
  ModelCard card;
  double scale = 1.0;          // HeadInput::AroundHead: the square's side over the box's longer side
  std::size_t aroundHead = 0;  // HeadInput::AroundHead: index in ResolvedProtocol::heads of the head whose box is used
  std::size_t shownHead = 0;   // HeadRuns::WhileShown: index in ResolvedProtocol::heads of the head that must show its detection
  std::size_t insideHead = 0;  // HeadInput::InsideHead: index in ResolvedProtocol::heads of the segmenter whose region is used
  std::size_t series = 0;      // study protocols: index in StudyLayout::series of the series the head reads

  HeadKind kind() const { return card.kind; }
};

// A protocol matched to the cards of a models folder, every head checked
// against its card: the card exists, its kind drives the head's readout,
// its input fits what the head looks at. An optional head without a card is
// left out, and so is every optional head that reads it.
struct ResolvedProtocol {
  Protocol protocol;
  std::vector<ResolvedHead> heads;

  // Throws ProtocolError "protocol FILE: heads[i].FIELD: problem".
  static ResolvedProtocol resolve(const Protocol& protocol, const std::vector<ModelCard>& cards);

  // The first head with `readout`; null when none has it.
  const ResolvedHead* firstWith(ReadoutKind readout) const;
};

}  // namespace endoverlay
