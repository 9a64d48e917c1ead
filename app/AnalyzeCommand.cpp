#include "app/AnalyzeCommand.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "app/RegionOptions.h"
#include "core/support/AtomicFile.h"
#include "core/analysis/InferenceStage.h"
#include "core/support/Logging.h"
#include "core/recording/ResultJson.h"
#include "core/support/StageLatencies.h"
#include "pipeline/OfflinePlayback.h"

namespace endoverlay {
namespace {

void printLatencies(const StageLatencies& latencies, std::ostream& out) {
  out << "latency ms      mean     p50     p99   p99.9     max\n";
  for (const auto stage : {StageLatencies::Preprocess, StageLatencies::Inference, StageLatencies::Postprocess,
                           StageLatencies::Ready}) {
    const LatencySummary s = latencies.summary(stage);
    char line[128];
    std::snprintf(line, sizeof line, "%-12s %7.1f %7.1f %7.1f %7.1f %7.1f\n", StageLatencies::name(stage).c_str(), s.mean,
                  s.p50, s.p99, s.p999, s.max);
    out << line;
  }
}

}  // namespace

int runAnalyze(const CliOptions& options) {
  const auto log = moduleLogger("app");
  const std::unique_ptr<InferenceStage> stage = options.analysis.makeStage(options.mode);
  applyRegionOptions(options, *stage);

  std::ofstream out(options.out, std::ios::trunc);
  if (!out) {
    std::cerr << "endoverlay-cli: cannot write " << options.out.string() << "\n";
    return 1;
  }
  StageLatencies latencies;
  std::int64_t written = 0;
  // Throws PlaybackError, which main reports.
  const SourceSpec source = SourceSpec::parse(options.video);
  playEveryFrame(source, Picture::ForHeads, [&](Frame frame) {
    InferenceResult result = stage->analyze(frame);
    result.timings.readyMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame.arrival).count();
    latencies.add(result.timings);
    out << resultToJson(result).dump() << '\n';
    if (!out) throw std::runtime_error("writing " + options.out.string() + " failed (disk full?)");
    if (++written % 100 == 0) log->info("{} frames analysed", written);
    return Playback::Continue;
  });
  out.flush();
  if (!out) {
    std::cerr << "endoverlay-cli: writing " << options.out.string() << " failed (disk full?)\n";
    return 1;
  }
  std::cerr << "analysed " << written << " frames of the " << source.describe() << " into " << options.out.string() << "\n";
  printLatencies(latencies, std::cerr);
  if (!options.latencyFile.empty()) writeFileAtomically(options.latencyFile, latencies.toJson().dump(2) + "\n");
  return 0;
}

}  // namespace endoverlay
