#include "core/evaluation/EvaluationJson.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace endoverlay {
namespace {

nlohmann::json number(double value) { return std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value); }

// Python's str() of the thresholds: "0.0", "0.3", "0.05", "0.1".
std::string thresholdKey(double threshold) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", threshold);
  std::string key = text;
  if (key.back() == '0') key.pop_back();
  return key;
}

nlohmann::json curve(const SuccessCurve& points) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [threshold, share] : points) json[thresholdKey(threshold)] = share;
  return json;
}

nlohmann::json interval(const Interval& i) { return {number(i.low), number(i.high)}; }

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string csvNumber(const nlohmann::json& value) { return value.is_null() ? "" : value.dump(); }

class CsvWriter {
 public:
  void row(const std::string& section, const std::string& measure, const std::string& key,
           const nlohmann::json& value, const nlohmann::json& ci = nullptr) {
    out_ << csvField(section) << ',' << csvField(measure) << ',' << csvField(key) << ',' << csvNumber(value) << ','
         << (ci.is_array() ? csvNumber(ci[0]) : "") << ',' << (ci.is_array() ? csvNumber(ci[1]) : "") << '\n';
  }
  void localisation(const std::string& section, const nlohmann::json& a) {
    for (const char* measure : {"frames", "missed", "mIoU", "precision", "recall", "centroid_distance",
                                "display_threshold", "frames_without_papilla", "false_positive_rate", "miss_rate"})
      if (a.contains(measure)) row(section, measure, "", a[measure]);
    for (const char* curveName : {"success_iou", "success_centroid"})
      for (const auto& [threshold, share] : a.at(curveName).items()) row(section, curveName, threshold, share);
  }
  void classifier(const std::string& section, const nlohmann::json& c) {
    const auto& ci = c.at("ci95");
    row(section, "samples", "", c.at("samples"));
    for (const char* measure : {"accuracy", "macro_precision", "macro_recall", "macro_f1", "auc"})
      row(section, measure, "", c.at(measure), ci.contains(measure) ? ci[measure] : nlohmann::json(nullptr));
    const auto& classes = c.at("classes");
    for (std::size_t k = 0; k < classes.size(); ++k) {
      const std::string name = classes[k].get<std::string>();
      for (const char* measure : {"precision", "recall", "f1", "auc", "support"})
        row(section, measure, name, c.at("per_class")[k].at(measure));
      for (std::size_t p = 0; p < classes.size(); ++p)
        row(section, "confusion", name + ">" + classes[p].get<std::string>(), c.at("confusion_matrix")[k][p]);
    }
  }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

}  // namespace

nlohmann::json toJson(const LocalisationSummary& s) {
  return {{"frames", s.frames},
          {"missed", s.missed},
          {"mIoU", s.meanIou},
          {"precision", s.precision},
          {"recall", s.recall},
          {"centroid_distance", s.centroidDistance},
          {"success_iou", curve(s.successIou)},
          {"success_centroid", curve(s.successCentroid)}};
}

nlohmann::json toJson(const CutoffScores& s) {
  return {{"cutoff", s.cutoff}, {"accuracy", number(s.accuracy)}, {"sensitivity", number(s.sensitivity)},
          {"specificity", number(s.specificity)}};
}

nlohmann::json toJson(const PairedAuc& p) {
  return {{"auc_a", number(p.aucA)}, {"auc_b", number(p.aucB)}, {"difference", number(p.difference)},
          {"standard_error", number(p.standardError)}, {"p_value", number(p.pValue)}};
}

nlohmann::json toJson(const PairedAccuracy& p) {
  return {{"only_a_right", p.onlyARight}, {"only_b_right", p.onlyBRight}, {"chi2", p.chi2}, {"p_value", p.pValue}};
}

nlohmann::json toJson(const ClassifierReport& r) {
  nlohmann::json perClass = nlohmann::json::array();
  for (const ClassScores& c : r.scores.perClass)
    perClass.push_back({{"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1}, {"auc", number(c.auc)},
                        {"support", c.support}});
  return {{"accuracy", r.scores.accuracy},
          {"macro_precision", r.scores.macroPrecision},
          {"macro_recall", r.scores.macroRecall},
          {"macro_f1", r.scores.macroF1},
          {"auc", number(r.scores.auc)},
          {"per_class", perClass},
          {"confusion_matrix", r.scores.confusion},
          {"classes", r.classes},
          {"samples", r.samples},
          {"ci95", {{"accuracy", interval(r.ci95.accuracy)},
                    {"macro_f1", interval(r.ci95.macroF1)},
                    {"auc", interval(r.ci95.auc)}}}};
}

std::string evaluationCsv(const nlohmann::json& report) {
  const std::string header = "section,measure,key,value,ci95_low,ci95_high\n";
  CsvWriter body;
  if (report.contains("ampulla")) body.localisation("ampulla", report["ampulla"]);
  if (report.contains("difficulty")) {
    body.classifier("difficulty_four_class", report["difficulty"].at("four_class"));
    body.classifier("difficulty_binary", report["difficulty"].at("binary"));
  }
  if (report.contains("class_badge_head")) {
    const std::string head = report["class_badge_head"].get<std::string>();
    body.classifier(head, report[head]);
  }
  for (const auto& id : report.value("class_badge_heads", nlohmann::json::array())) {
    const std::string head = id.get<std::string>();
    body.classifier(head, report[head]);
    if (!report[head].contains("at_cutoff")) continue;
    const auto& c = report[head]["at_cutoff"];
    const std::string label = c.at("label").get<std::string>();
    body.row(head, "decision_cutoff", label, c.at("cutoff"));
    for (const char* measure : {"accuracy", "sensitivity", "specificity"})
      body.row(head, std::string(measure) + "_at_cutoff", label, c.at(measure));
  }
  const nlohmann::json paired = report.value("paired", nlohmann::json::object());
  for (const auto& [pair, tests] : paired.items()) {
    for (const auto& [test, values] : tests.items())
      if (values.is_object())
        for (const auto& [measure, value] : values.items()) body.row("paired_" + test, measure, pair, value);
  }
  return header + body.text();
}

}  // namespace endoverlay
