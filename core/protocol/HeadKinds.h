#pragma once

#include <optional>
#include <string>

namespace endoverlay {

// What a head's model puts out, declared by its card, which decides how its
// numbers are turned into a reading and smoothed: a soft mask to box, class
// scores, or per-pixel class scores to a region with its outline and area.
enum class HeadKind { SoftMaskLocaliser, Classifier, Segmenter };

// What a head's output becomes on screen and in exports.
enum class ReadoutKind {
  HeatmapBox,    // soft mask as a heatmap, its box and centroid
  TrafficLight,  // a warning grouped from classes, with the breakdown
  ClassBadge,    // the settled top class
  Segmentation,  // a segmented region's outline over a light fill (its area is recorded)
};

// The tasks of the bundled models, which protocols ask for by task.
inline const std::string kAmpullaSoftMaskTask = "ampulla_soft_mask";
inline const std::string kCannulationDifficultyTask = "cannulation_difficulty";
inline const std::string kCystTypeTask = "cyst_type";

// Whether `text` is a task's word: 1 to 64 of a-z, 0-9 and '_'.
bool isTaskWord(const std::string& text);

// soft_mask_localiser, classifier, segmenter
std::string toString(HeadKind kind);
// Throws std::invalid_argument on any other word.
HeadKind parseHeadKind(const std::string& text);

// heatmap_box, traffic_light, class_badge, segmentation
std::string toString(ReadoutKind readout);
// Throws std::invalid_argument on any other word.
ReadoutKind parseReadoutKind(const std::string& text);

// Whether a head of `kind` can drive `readout` at all: a soft-mask localiser
// a heatmap box, a classifier a traffic light (when its card groups labels)
// or a class badge, a segmenter a segmentation.
bool canDrive(HeadKind kind, ReadoutKind readout);

// The kind of the bundled tasks' models, whose cards need not say it; none for any other task.
std::optional<HeadKind> kindOfBundledTask(const std::string& task);

}  // namespace endoverlay
