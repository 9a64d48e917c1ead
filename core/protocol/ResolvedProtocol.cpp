#include "core/protocol/ResolvedProtocol.h"

#include <algorithm>

namespace endoverlay {
namespace {

// The card a head asks for, by name, or by task when exactly one card serves it; null when none does.
// Throws ProtocolError through `fail` when several cards serve the task.
template <typename Fail>
const ModelCard* cardFor(const ProtocolHead& head, const std::vector<ModelCard>& cards, const Fail& fail) {
  std::vector<const ModelCard*> found;
  for (const ModelCard& card : cards)
    if (head.cardName.empty() ? card.task == head.task : card.name == head.cardName) found.push_back(&card);
  if (found.size() > 1)
    fail("card", "model cards " + found[0]->cardPath.filename().string() + " and " + found[1]->cardPath.filename().string() +
                     " both serve " + head.task + "; choose one with --model NAME (" + found[0]->name + " or " +
                     found[1]->name + "), or name it in the protocol");
  return found.empty() ? nullptr : found.front();
}

bool isLocaliser(const ModelCard& card) { return card.kind == HeadKind::SoftMaskLocaliser; }

// "a class_badge readout", "a traffic_light or class_badge readout": what `card` can drive.
std::string readoutsOf(const ModelCard& card) {
  std::string text;
  for (const ReadoutKind readout :
       {ReadoutKind::HeatmapBox, ReadoutKind::TrafficLight, ReadoutKind::ClassBadge, ReadoutKind::Segmentation})
    if (card.drives(readout)) text += (text.empty() ? "a " : " or ") + toString(readout);
  return text + " readout";
}

}  // namespace

ResolvedProtocol ResolvedProtocol::resolve(const Protocol& protocol, const std::vector<ModelCard>& cards) {
  ResolvedProtocol result{protocol, {}};
  // Where each of the protocol's heads went in result.heads; none when an optional head was left out.
  std::vector<std::optional<std::size_t>> placed;
  for (std::size_t i = 0; i < protocol.heads.size(); ++i) {
    const ProtocolHead& head = protocol.heads[i];
    const std::string field = "protocol " + protocol.file.string() + ": heads[" + std::to_string(i) + "].";
    const auto fail = [&](const std::string& key, const std::string& problem) {
      throw ProtocolError(field + key + ": " + problem);
    };
    // The earlier soft-mask head `id` this head reads, by its index in result.heads; none when it was left out.
    const auto localiser = [&](const std::string& key, const std::string& id,
                               const std::string& problem) -> std::optional<std::size_t> {
      const std::optional<std::size_t> index = placed[protocol.indexOf(id)];
      if (!index && !head.optional) fail(key, "head '" + id + "' has no model card, and this head is not optional");
      if (index && !isLocaliser(result.heads[*index].card)) fail(key, "head '" + id + "' " + problem);
      return index;
    };
    const ModelCard* card = cardFor(head, cards, fail);
    if (!card && head.optional) {
      placed.push_back(std::nullopt);
      continue;
    }
    if (!card)
      fail("card", (head.cardName.empty() ? "no model card for task " + head.task : "no model card named " + head.cardName) +
                       " in the models folder");
    if (!card->drives(head.readout))
      fail("readout", "model " + card->name + " (" + toString(card->kind) + ") drives " + readoutsOf(*card) + ", not " +
                          toString(head.readout));
    ResolvedHead resolved{head, *card, 1.0, 0, 0, 0, 0};
    if (protocol.study && !card->readsValues())
      fail("card", "model " + card->name + " takes a video's pixels; a study's heads need a card with input.window "
                   "or input.intensity, which says how a slice's values become its grey");
    if (!protocol.study && card->readsValues())
      fail("card", "model " + card->name + " reads a CT or MR slice's values; only a protocol with a study can run it");
    if (protocol.study && !head.series.empty()) resolved.series = protocol.study->indexOf(head.series);
    if (card->maskMarginPx && head.input != HeadInput::InsideHead)
      fail("input", "model " + card->name + " was trained inside a segmenter's region; its input must be {\"inside\": HEAD}");
    if (card->kind != HeadKind::Classifier && head.input != HeadInput::Frame)
      fail("input", "model " + card->name + " finds its target in the whole frame; its input must be frame");
    if (card->input.regionOfInterest && head.input != HeadInput::AroundHead)
      fail("input", "model " + card->name + " was trained on the square around the " +
                        card->input.regionOfInterest->around + "; its input must be {\"around\": HEAD}");
    if (head.input == HeadInput::InsideHead) {
      const std::optional<std::size_t> inside = placed[protocol.indexOf(head.insideHead)];
      if (!inside && !head.optional) fail("input.inside", "head '" + head.insideHead + "' has no model card, and this head is not optional");
      if (!inside) {
        placed.push_back(std::nullopt);
        continue;
      }
      const ResolvedHead& segmenter = result.heads[*inside];
      if (segmenter.card.kind != HeadKind::Segmenter) fail("input.inside", "head '" + head.insideHead + "' is not a segmenter");
      if (segmenter.series != resolved.series)
        fail("input.inside", "head '" + head.insideHead + "' reads another series than this head");
      if (!card->maskMarginPx)
        fail("input", "model " + card->name + "'s card gives no postprocess.mask_margin_px to read inside a region with");
      resolved.insideHead = *inside;
    }
    const bool readsAround = head.input == HeadInput::AroundHead;
    const std::optional<std::size_t> around =
        readsAround ? localiser("input.around", head.aroundHead, "gives no box to look around") : std::size_t{0};
    const std::optional<std::size_t> shown = head.runs == HeadRuns::WhileShown
                                                 ? localiser("runs.while_shown", head.whileShownHead, "shows no detection")
                                                 : std::size_t{0};
    if (!around || !shown) {
      placed.push_back(std::nullopt);
      continue;
    }
    resolved.aroundHead = *around;
    resolved.shownHead = *shown;
    if (readsAround) {
      const std::optional<double> cardScale =
          card->input.regionOfInterest ? std::optional<double>(card->input.regionOfInterest->scale) : std::nullopt;
      if (!head.scale && !cardScale) fail("input.scale", "is needed: model " + card->name + "'s card gives none");
      resolved.scale = head.scale.value_or(cardScale.value_or(1.0));
    }
    placed.push_back(result.heads.size());
    result.heads.push_back(std::move(resolved));
  }
  if (result.heads.empty())
    throw ProtocolError("protocol " + protocol.file.string() + ": heads: none of them has a model card in the models folder");
  return result;
}

const ResolvedHead* ResolvedProtocol::firstWith(ReadoutKind readout) const {
  const auto it = std::find_if(heads.begin(), heads.end(), [&](const ResolvedHead& h) { return h.spec.readout == readout; });
  return it == heads.end() ? nullptr : &*it;
}

}  // namespace endoverlay
