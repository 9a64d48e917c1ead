#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/evaluation/ClassificationMetrics.h"
#include "core/evaluation/LocalisationMetrics.h"

namespace endoverlay {

// The evaluation's measures as JSON, with the keys of
// training/endoverlay_training/metrics.py so the two can be compared field by
// field. Undefined values (an AUC without negatives) are null.
nlohmann::json toJson(const LocalisationSummary& summary);
nlohmann::json toJson(const ClassifierReport& report);
nlohmann::json toJson(const CutoffScores& scores);
nlohmann::json toJson(const PairedAuc& paired);
nlohmann::json toJson(const PairedAccuracy& paired);

// A whole evaluation report flattened into CSV rows
// "section,measure,key,value,ci95_low,ci95_high" that open in any
// spreadsheet: one row per number, success curves keyed by threshold,
// per-class rows keyed by class, the confusion matrix keyed "true>predicted".
std::string evaluationCsv(const nlohmann::json& report);

}  // namespace endoverlay
