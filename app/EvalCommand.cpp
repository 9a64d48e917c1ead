#include "app/EvalCommand.h"

#include <cstdio>
#include <iostream>

#include "app/EvalDataset.h"
#include "core/support/AtomicFile.h"
#include "core/evaluation/EvaluationJson.h"
#include "core/support/Logging.h"
#include "core/evaluation/ModelEvaluation.h"
#include "core/protocol/ProtocolDirectory.h"

namespace endoverlay {
namespace {

// Bootstrap intervals are reproducible: the same set gives the same report.
constexpr std::uint64_t kBootstrapSeed = 0;

std::string withInterval(const nlohmann::json& classifier, const char* measure) {
  char text[64];
  const auto& value = classifier.at(measure);
  const auto& ci = classifier.at("ci95").at(measure);
  if (value.is_null()) return "n/a";
  if (ci[0].is_null()) std::snprintf(text, sizeof text, "%.3f", value.get<double>());
  else std::snprintf(text, sizeof text, "%.3f [%.3f, %.3f]", value.get<double>(), ci[0].get<double>(), ci[1].get<double>());
  return text;
}

void printClassifier(const char* title, const nlohmann::json& c) {
  std::printf("%-26s n=%-5d accuracy %s  macro F1 %s  AUC %s\n", title, c.at("samples").get<int>(),
              withInterval(c, "accuracy").c_str(), withInterval(c, "macro_f1").c_str(), withInterval(c, "auc").c_str());
}

void printSummary(const nlohmann::json& report) {
  if (report.contains("ampulla")) {
    const auto& a = report["ampulla"];
    std::printf("%-26s n=%-5d mIoU %.3f  precision %.3f  recall %.3f  centroid distance %.4f\n", "ampulla",
                a.at("frames").get<int>(), a.at("mIoU").get<double>(), a.at("precision").get<double>(),
                a.at("recall").get<double>(), a.at("centroid_distance").get<double>());
    std::printf("%-26s IoU > 0.3: %.1f %%  centroid distance < 0.05: %.1f %%  missed %d\n", "",
                100 * a.at("success_iou").at("0.3").get<double>(),
                100 * a.at("success_centroid").at("0.05").get<double>(), a.at("missed").get<int>());
  }
  if (report.contains("difficulty")) {
    printClassifier("difficulty, four classes", report["difficulty"].at("four_class"));
    printClassifier("difficulty, easy/difficult", report["difficulty"].at("binary"));
  }
  if (report.contains("class_badge_head")) {
    const std::string head = report["class_badge_head"].get<std::string>();
    printClassifier(head.c_str(), report[head]);
  }
  for (const auto& id : report.value("class_badge_heads", nlohmann::json::array())) {
    const std::string head = id.get<std::string>();
    printClassifier(head.c_str(), report[head]);
    if (!report[head].contains("at_cutoff")) continue;
    const auto& c = report[head]["at_cutoff"];
    const auto share = [](const nlohmann::json& v) {
      char text[16] = "n/a";
      if (!v.is_null()) std::snprintf(text, sizeof text, "%.3f", v.get<double>());
      return std::string(text);
    };
    std::printf("%-26s %s from P %.4f: accuracy %s  sensitivity %s  specificity %s\n", "",
                c.at("label").get<std::string>().c_str(), c.at("cutoff").get<double>(), share(c.at("accuracy")).c_str(),
                share(c.at("sensitivity")).c_str(), share(c.at("specificity")).c_str());
  }
  const nlohmann::json paired = report.value("paired", nlohmann::json::object());
  for (const auto& [pair, tests] : paired.items()) {
    const auto& auc = tests.at("auc");
    const auto& accuracy = tests.at("accuracy");
    if (auc.is_object())
      std::printf("%-26s AUC difference %+.3f (SE %.3f, DeLong p %.2g)", pair.c_str(), auc.at("difference").get<double>(),
                  auc.at("standard_error").get<double>(), auc.at("p_value").get<double>());
    else
      std::printf("%-26s AUC not compared (too few studies of a class)", pair.c_str());
    std::printf("; right only by one: %lld / %lld (McNemar p %.2g)\n",
                static_cast<long long>(accuracy.at("only_a_right").get<std::int64_t>()),
                static_cast<long long>(accuracy.at("only_b_right").get<std::int64_t>()), accuracy.at("p_value").get<double>());
  }
}

}  // namespace

int runEval(const CliOptions& options) {
  const auto log = moduleLogger("app");
  const EvalDataset dataset = EvalDataset::open(options.video);
  const std::string mode = options.modeGiven ? options.mode : dataset.mode().value_or(options.mode);
  const std::vector<Protocol> protocols = options.analysis.protocols();
  const Protocol& protocol = findProtocol(protocols, mode);
  ModelEvaluation evaluation(ResolvedProtocol::resolve(protocol, options.analysis.cards()), options.analysis.engine);
  std::int64_t frames = 0;
  dataset.forEachFrame(protocol, [&](const Frame& frame, const FrameTruth& truth) {
    try {
      evaluation.add(frame, truth);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(dataset.path().string() + " frame " + std::to_string(truth.frame) + ": " + e.what());
    }
    if (++frames % 100 == 0) log->info("{} frames evaluated", frames);
  });
  nlohmann::json report = evaluation.report(options.resamples, kBootstrapSeed);
  report["dataset"] = dataset.path().string();
  std::printf("%s: %lld frames, %s mode, on %s\n", dataset.path().string().c_str(), static_cast<long long>(frames),
              protocol.name.c_str(), report.at("device").get<std::string>().c_str());
  printSummary(report);
  if (!options.jsonReport.empty()) writeFileAtomically(options.jsonReport, report.dump(2) + "\n");
  if (!options.csvReport.empty()) writeFileAtomically(options.csvReport, evaluationCsv(report));
  return 0;
}

}  // namespace endoverlay
