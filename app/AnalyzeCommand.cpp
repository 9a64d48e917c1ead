#include "app/AnalyzeCommand.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>

#include "core/InferenceStage.h"
#include "core/Logging.h"
#include "core/ModelDirectory.h"
#include "core/ResultJson.h"
#include "core/StageLatencies.h"
#include "pipeline/VideoSource.h"

namespace endoverlay {
namespace {

// Where the offline run stands; written on GStreamer's threads, read by main.
struct AnalyzeRun {
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<bool> done{false};
  std::string failure;

  void finish(const std::string& problem = {}) {
    {
      const std::lock_guard lock(mutex);
      if (done) return;
      failure = problem;
      done = true;
    }
    finished.notify_all();
  }
};

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
  const auto cards = loadModelCards(options.modelsDirectory);
  const StabilitySettings stability =
      options.settingsFile.empty() ? StabilitySettings{} : StabilitySettings::load(options.settingsFile);
  InferenceStage stage(cards, options.engine, options.mode, stability);
  stage.setCystRegion(options.cystRegion);

  std::ofstream out(options.out, std::ios::trunc);
  if (!out) {
    std::cerr << "endoverlay-cli: cannot write " << options.out.string() << "\n";
    return 1;
  }
  AnalyzeRun run;
  StageLatencies latencies;
  std::int64_t written = 0;
  VideoSourceCallbacks callbacks;
  // The streaming thread analyses each frame itself, so the decoder waits
  // for the model and no frame is skipped.
  callbacks.onFrame = [&](Frame frame) {
    if (run.done) return;
    try {
      InferenceResult result = stage.analyze(frame);
      result.timings.readyMs =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame.arrival).count();
      latencies.add(result.timings);
      out << resultToJson(result).dump() << '\n';
    } catch (const std::exception& e) {
      run.finish(e.what());
      return;
    }
    if (!out) run.finish("writing " + options.out.string() + " failed (disk full?)");
    else if (++written % 100 == 0) log->info("{} frames analysed", written);
  };
  callbacks.onError = [&](const SourceError& error) { run.finish(error.what()); };
  callbacks.onEnd = [&] { run.finish(); };

  VideoSource source(SourceSpec::parse(options.video), Pacing::EveryFrame, std::move(callbacks));
  source.start();
  {
    std::unique_lock lock(run.mutex);
    run.finished.wait(lock, [&] { return run.done.load(); });
  }
  source.stop();
  out.flush();
  if (!run.failure.empty()) {
    std::cerr << "endoverlay-cli: " << run.failure << "\n";
    return 1;
  }
  if (!out) {
    std::cerr << "endoverlay-cli: writing " << options.out.string() << " failed (disk full?)\n";
    return 1;
  }
  std::cerr << "analysed " << written << " frames of " << options.video << " into " << options.out.string() << "\n";
  printLatencies(latencies, std::cerr);
  if (!options.latencyFile.empty()) {
    std::ofstream latencyOut(options.latencyFile, std::ios::trunc);
    latencyOut << latencies.toJson().dump(2) << '\n';
    if (!latencyOut) {
      std::cerr << "endoverlay-cli: writing " << options.latencyFile.string() << " failed\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace endoverlay
