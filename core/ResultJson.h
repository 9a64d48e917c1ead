#pragma once

#include <nlohmann/json.hpp>

#include "core/InferenceResult.h"

namespace endoverlay {

// One result as a JSON object: frame, pts_ns, mode; in ERCP box [x,y,w,h]
// or null, score, centroid [x,y], shown (score at or above the display
// threshold) — all from this frame alone —, shown_box and shown_centroid, the
// smoothed box and centroid the overlay drew, or null, difficulty
// {probabilities by label, top, p_difficult} or null,
// warning {light off|green|amber|red, smoothed p_difficult, smoothed
// probabilities by label or null}; in EUS cyst_type {probabilities, top},
// cyst_region, cyst_badge (the settled label or null), cyst_type_smoothed
// (probabilities by label or null); then timings_ms,
// models [{name, version, sha256, card_sha256}], device, device_notice when a
// GPU failure moved inference to the CPU, invalid [task, ...] when a head's
// output held a NaN or an infinity (its fields are then null), and
// signal_gap_ns on a recording's first result after the signal was lost.
nlohmann::json resultToJson(const InferenceResult& result);

// A result line read back, for replay: what the overlay showed (the stable
// readout) and the per-frame outputs the line kept. Lines keep no masks, so
// there is no heatmap; a drawn box counts as shown whatever its score (the
// display threshold comes back as 0). `frameSize` is the recording's, which
// lines do not repeat. Every field is checked for type and range (frame and
// pts_ns are required, the rest may be null or absent, as older lines have
// them); throws FieldError naming the first field that is wrong.
InferenceResult resultFromJson(const nlohmann::json& line, cv::Size frameSize = {});

// [{name, version, sha256, card_sha256}]
nlohmann::json modelsToJson(const std::vector<ModelIdentity>& models);

}  // namespace endoverlay
