#include "app/BenchCommand.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/InferenceStage.h"
#include "core/ModelDirectory.h"
#include "core/StageLatencies.h"
#include "pipeline/VideoSource.h"

namespace endoverlay {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kWarmUpFrames = 5;

// The first `count` frames, decoded up front so decoding is not timed.
std::vector<Frame> decodeFrames(const std::string& video, std::size_t count) {
  std::mutex mutex;
  std::condition_variable done;
  std::vector<Frame> frames;
  bool finished = false;
  std::string failure;
  VideoSourceCallbacks callbacks;
  callbacks.onFrame = [&](Frame frame) {
    const std::lock_guard lock(mutex);
    if (frames.size() < count) frames.push_back(std::move(frame));
    if (frames.size() == count) done.notify_all();
  };
  const auto finish = [&](const std::string& problem) {
    const std::lock_guard lock(mutex);
    finished = true;
    failure = problem;
    done.notify_all();
  };
  callbacks.onEnd = [&] { finish({}); };
  callbacks.onError = [&](const SourceError& e) { finish(e.what()); };
  VideoSource source(SourceSpec::parse(video), Pacing::EveryFrame, std::move(callbacks));
  source.start();
  {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return finished || frames.size() == count; });
  }
  source.stop();
  if (!failure.empty()) throw std::runtime_error(failure);
  if (frames.empty()) throw std::runtime_error(video + " has no frames");
  return frames;
}

void printRow(const char* name, const LatencySummary& s) {
  std::printf("  %-14s %8.2f %8.2f %8.2f %8.2f %8.2f\n", name, s.mean, s.p50, s.p99, s.p999, s.max);
}

// PyTorch eager on the same clip, frames, mode and thread count
// (training/endoverlay_training/eager_bench.py); its JSON summary.
nlohmann::json runEager(const CliOptions& options, int threads, std::size_t frames) {
  const std::filesystem::path training = ENDOVERLAY_TRAINING_DIR;
  if (!std::filesystem::is_directory(training / "endoverlay_training"))
    throw std::runtime_error("--compare-eager needs the source tree's training/ package at " + training.string());
  const std::filesystem::path out = std::filesystem::temp_directory_path() / "endoverlay-eager-bench.json";
  const std::string command = "cd '" + training.string() + "' && /usr/bin/python3 -m endoverlay_training.eager_bench '" +
                              std::filesystem::absolute(options.video).string() + "' --mode " +
                              (options.mode == Mode::Ercp ? "ercp" : "eus") + " --frames " + std::to_string(frames) +
                              " --threads " + std::to_string(threads) + " --models '" +
                              std::filesystem::absolute(options.modelsDirectory).string() + "' --json '" + out.string() + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("the PyTorch eager run failed: " + command);
  std::ifstream in(out);
  return nlohmann::json::parse(in);
}

}  // namespace

int runBench(const CliOptions& options) {
  const std::vector<Frame> frames = decodeFrames(options.video, options.benchFrames + kWarmUpFrames);
  InferenceStage stage(loadModelCards(options.modelsDirectory), options.engine, options.mode);
  const int threads = cpuThreadBudget(options.engine.cpuThreads);
  for (int i = 0; i < kWarmUpFrames && i < static_cast<int>(frames.size()); ++i) stage.analyze(frames[i]);

  StageLatencies latencies;
  const auto start = Clock::now();
  std::size_t counted = 0;
  for (std::size_t i = kWarmUpFrames; i < frames.size(); ++i) {
    Frame frame = frames[i];
    frame.arrival = Clock::now();
    InferenceResult result = stage.analyze(frame);
    result.timings.readyMs = std::chrono::duration<double, std::milli>(Clock::now() - frame.arrival).count();
    latencies.add(result.timings);
    ++counted;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::printf("clip          %s (%zu frames, %dx%d)\n", options.video.c_str(), counted, frames.front().bgrx.cols,
              frames.front().bgrx.rows);
  std::printf("mode          %s on %s, %d CPU threads\n", toString(options.mode).c_str(), stage.device().c_str(), threads);
  std::printf("throughput    %.1f frames/s (every frame, one at a time)\n", counted / seconds);
  std::printf("latency ms     %8s %8s %8s %8s %8s\n", "mean", "p50", "p99", "p99.9", "max");
  for (const auto s : {StageLatencies::Preprocess, StageLatencies::Inference, StageLatencies::Postprocess,
                       StageLatencies::Ready})
    printRow(StageLatencies::name(s).c_str(), latencies.summary(s));

  nlohmann::json report = {{"video", options.video}, {"mode", toString(options.mode)}, {"device", stage.device()},
                           {"threads", threads}, {"frames", counted}, {"frames_per_second", counted / seconds},
                           {"latency_ms", latencies.toJson()}};
  if (options.compareEager) {
    const nlohmann::json eager = runEager(options, threads, counted);
    const double cpp = latencies.summary(StageLatencies::Inference).mean;
    const double python = eager.at("inference_ms").at("mean").get<double>();
    std::printf("PyTorch eager (Python), same frames and threads: inference mean %.2f ms\n", python);
    std::printf("C++ engine ÷ PyTorch eager, inference time: %.3f\n", cpp / python);
    report["pytorch_eager"] = eager;
    report["cpp_over_eager_inference"] = cpp / python;
  }
  if (!options.benchJson.empty()) {
    std::ofstream out(options.benchJson, std::ios::trunc);
    out << report.dump(2) << '\n';
    if (!out) throw std::runtime_error("writing " + options.benchJson.string() + " failed");
  }
  return 0;
}

}  // namespace endoverlay
