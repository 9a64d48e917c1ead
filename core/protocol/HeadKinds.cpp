#include "core/protocol/HeadKinds.h"

#include <algorithm>
#include <stdexcept>

namespace endoverlay {

bool isTaskWord(const std::string& text) {
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string toString(HeadKind kind) {
  switch (kind) {
    case HeadKind::SoftMaskLocaliser: return "soft_mask_localiser";
    case HeadKind::Classifier: return "classifier";
    case HeadKind::Segmenter: return "segmenter";
  }
  return "unknown";
}

HeadKind parseHeadKind(const std::string& text) {
  for (const HeadKind kind : {HeadKind::SoftMaskLocaliser, HeadKind::Classifier, HeadKind::Segmenter})
    if (toString(kind) == text) return kind;
  throw std::invalid_argument("unknown head kind '" + text + "' (soft_mask_localiser, classifier or segmenter)");
}

std::string toString(ReadoutKind readout) {
  switch (readout) {
    case ReadoutKind::HeatmapBox: return "heatmap_box";
    case ReadoutKind::TrafficLight: return "traffic_light";
    case ReadoutKind::ClassBadge: return "class_badge";
    case ReadoutKind::Segmentation: return "segmentation";
  }
  return "unknown";
}

ReadoutKind parseReadoutKind(const std::string& text) {
  for (const ReadoutKind kind :
       {ReadoutKind::HeatmapBox, ReadoutKind::TrafficLight, ReadoutKind::ClassBadge, ReadoutKind::Segmentation})
    if (toString(kind) == text) return kind;
  throw std::invalid_argument("must be heatmap_box, traffic_light, class_badge or segmentation, not '" + text + "'");
}

bool canDrive(HeadKind kind, ReadoutKind readout) {
  switch (readout) {
    case ReadoutKind::HeatmapBox: return kind == HeadKind::SoftMaskLocaliser;
    case ReadoutKind::TrafficLight:
    case ReadoutKind::ClassBadge: return kind == HeadKind::Classifier;
    case ReadoutKind::Segmentation: return kind == HeadKind::Segmenter;
  }
  return false;
}

std::optional<HeadKind> kindOfBundledTask(const std::string& task) {
  if (task == kAmpullaSoftMaskTask) return HeadKind::SoftMaskLocaliser;
  if (task == kCannulationDifficultyTask || task == kCystTypeTask) return HeadKind::Classifier;
  return std::nullopt;
}

}  // namespace endoverlay
