#pragma once

#include <nlohmann/json.hpp>

#include "core/analysis/InferenceResult.h"

namespace endoverlay {

// One result as a JSON object (sidecar schema 2): frame, pts_ns, mode (the
// protocol id), heads [{id, kind, readout, model {name, version, sha256,
// card_sha256}, ran, invalid (only when the head's output held a NaN or an
// infinity; its numbers are then left out: null, a localiser's score 0), and
// by kind:
//   soft_mask_localiser: box [x,y,w,h] or null, score, centroid [x,y],
//     shown (score at or above the display threshold) — all from this frame
//     alone —, shown_box and shown_centroid, the smoothed box and centroid
//     the overlay drew, or null;
//   classifier: probabilities [[label, p], ...] in the card's order or
//     null, top, region (where it looked; null for the whole frame),
//     smoothed (the same pairs, or null); a traffic_light adds group_probability,
//     smoothed_group_probability and light off|green|amber|red; a
//     class_badge adds badge (the settled label or null);
//   segmenter: area_fraction (0..1) of this frame, and shown_area_fraction
//     and shown_outlines [[[x,y], ...], ...] of the smoothed region drawn,
//     each null when there is none}],
// then timings_ms, device, device_notice when a GPU failure moved inference
// to the CPU, signal_gap_ns on a recording's first result after the
// signal was lost, and on a contrast study's frames contrast
// {injection_pts_ns and seconds_since_injection (on the source's clock), phase,
// heads_wait_for (each null until set), region
// and reference ([x,y,w,h] or null) with region_mean and reference_mean
// (0..255)}.
nlohmann::json resultToJson(const InferenceResult& result);

// A result line read back, for replay: what the overlay showed (each head's
// stable readout) and the per-frame outputs the line kept. Lines keep no
// masks, so there is no heatmap; a drawn box counts as shown whatever its
// score (display thresholds come back as 0). `frameSize` is the
// recording's, which lines do not repeat. A line with `heads` is of schema
// 2; a line without is of schema 1 (made before results per head: fields per task,
// box/score/..., difficulty and warning, cyst_type/cyst_region/cyst_badge),
// whose heads come back as the bundled protocols name them: ampulla,
// difficulty, cyst_type. Every field is checked for type and range (frame
// and pts_ns are required, the rest may be null or absent, as older lines
// have them); throws FieldError naming the first field that is wrong.
InferenceResult resultFromJson(const nlohmann::json& line, cv::Size frameSize = {});

// [{name, version, sha256, card_sha256}]
nlohmann::json modelsToJson(const std::vector<ModelIdentity>& models);

}  // namespace endoverlay
