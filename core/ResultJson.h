#pragma once

#include <nlohmann/json.hpp>

#include "core/InferenceResult.h"

namespace endoverlay {

// One result as a JSON object: frame, pts_ns, box [x,y,w,h] or null, score,
// centroid [x,y], timings_ms, model {name, version, sha256}, device.
nlohmann::json resultToJson(const InferenceResult& result);

}  // namespace endoverlay
