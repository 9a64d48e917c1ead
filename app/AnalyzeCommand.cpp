#include "app/AnalyzeCommand.h"

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>

#include "core/InferenceStage.h"
#include "core/Logging.h"
#include "core/ModelDirectory.h"
#include "core/ResultJson.h"
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
  std::int64_t written = 0;
  VideoSourceCallbacks callbacks;
  // The streaming thread analyses each frame itself, so the decoder waits
  // for the model and no frame is skipped.
  callbacks.onFrame = [&](Frame frame) {
    if (run.done) return;
    try {
      out << resultToJson(stage.analyze(frame)).dump() << '\n';
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
  return 0;
}

}  // namespace endoverlay
