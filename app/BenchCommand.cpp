#include "app/BenchCommand.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/ChildProcess.h"
#include "core/support/AtomicFile.h"
#include "core/analysis/InferenceStage.h"
#include "core/support/StageLatencies.h"
#include "pipeline/OfflinePlayback.h"

namespace endoverlay {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kWarmUpFrames = 5;

// The first `count` frames, decoded up front so decoding is not timed.
std::vector<Frame> decodeFrames(const std::string& video, std::size_t count) {
  std::vector<Frame> frames;
  playEveryFrame(SourceSpec::parse(video), Picture::ForHeads, [&](Frame frame) {
    frames.push_back(std::move(frame));
    return frames.size() < count ? Playback::Continue : Playback::Stop;
  });
  if (frames.empty()) throw std::runtime_error("the " + SourceSpec::parse(video).describe() + " has no frames");
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
  const PrivateTemporaryFile out("endoverlay-eager-bench");
  const std::vector<std::string> arguments = {
      "/usr/bin/python3", "-m", "endoverlay_training.eager_bench", "--mode", options.mode,
      "--frames", std::to_string(frames), "--threads", std::to_string(threads),
      "--models", std::filesystem::absolute(options.analysis.models()).string(), "--json", out.path().string(),
      "--", std::filesystem::absolute(options.video).string()};
  if (const int status = runChildProcess(arguments, training); status != 0)
    throw std::runtime_error("the PyTorch eager run failed (exit status " + std::to_string(status) + ")");
  std::ifstream in(out.path());
  const nlohmann::json summary = nlohmann::json::parse(in, nullptr, false);
  if (summary.is_discarded()) throw std::runtime_error("the PyTorch eager run wrote no readable summary");
  return summary;
}

// One pass of the stage over the frames after the warm-up: its wall time and inference mean. Its timings also go
// into `all`, the latencies over every pass.
struct Pass {
  double seconds = 0;
  double inferenceMeanMs = 0;
};

Pass timePass(InferenceStage& stage, const std::vector<Frame>& frames, StageLatencies& all) {
  StageLatencies pass;
  const auto start = Clock::now();
  for (std::size_t i = kWarmUpFrames; i < frames.size(); ++i) {
    Frame frame = frames[i];
    frame.arrival = Clock::now();
    InferenceResult result = stage.analyze(frame);
    result.timings.readyMs = std::chrono::duration<double, std::milli>(Clock::now() - frame.arrival).count();
    pass.add(result.timings);
    all.add(result.timings);
  }
  return {std::chrono::duration<double>(Clock::now() - start).count(), pass.summary(StageLatencies::Inference).mean};
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int runBench(const CliOptions& options) {
  const std::vector<Frame> frames = decodeFrames(options.video, options.benchFrames + kWarmUpFrames);
  const std::unique_ptr<InferenceStage> stage = options.analysis.makeStage(options.mode);
  const int threads = cpuThreadBudget(options.analysis.engine.cpuThreads);
  for (int i = 0; i < kWarmUpFrames && i < static_cast<int>(frames.size()); ++i) stage->analyze(frames[i]);
  const std::size_t counted = frames.size() > kWarmUpFrames ? frames.size() - kWarmUpFrames : 0;
  const std::string clip = SourceSpec::parse(options.video).describe();
  if (counted == 0) throw std::runtime_error("the " + clip + " is too short to bench: it has " +
                                             std::to_string(frames.size()) + " frames, the warm-up alone takes " +
                                             std::to_string(kWarmUpFrames));

  // C++ and eager passes alternate, so a busy spell on a shared machine slows both sides rather than one.
  StageLatencies latencies;
  double seconds = 0;
  nlohmann::json rounds = nlohmann::json::array();
  std::vector<double> ratios;
  for (std::size_t round = 0; round < options.benchRounds; ++round) {
    const Pass pass = timePass(*stage, frames, latencies);
    seconds += pass.seconds;
    if (!options.compareEager) continue;
    const nlohmann::json eager = runEager(options, threads, counted);
    const double python = eager.at("inference_ms").at("mean").get<double>();
    ratios.push_back(pass.inferenceMeanMs / python);
    rounds.push_back({{"cpp_inference_mean_ms", pass.inferenceMeanMs}, {"pytorch_eager", eager},
                      {"cpp_over_eager_inference", ratios.back()}});
  }
  const std::size_t timed = counted * options.benchRounds;

  std::printf("clip          %s (%zu frames, %dx%d)\n", clip.c_str(), counted, frames.front().bgrx.cols,
              frames.front().bgrx.rows);
  std::printf("mode          %s on %s, %d CPU threads, %zu rounds\n", stage->protocol().name.c_str(),
              stage->device().c_str(), threads, options.benchRounds);
  std::printf("throughput    %.1f frames/s (every frame, one at a time)\n", timed / seconds);
  std::printf("latency ms     %8s %8s %8s %8s %8s\n", "mean", "p50", "p99", "p99.9", "max");
  for (const auto s : {StageLatencies::Preprocess, StageLatencies::Inference, StageLatencies::Postprocess,
                       StageLatencies::Ready})
    printRow(StageLatencies::name(s).c_str(), latencies.summary(s));

  nlohmann::json report = {{"video", clip}, {"mode", options.mode}, {"device", stage->device()},
                           {"threads", threads}, {"frames", counted}, {"rounds", options.benchRounds},
                           {"frames_per_second", timed / seconds}, {"latency_ms", latencies.toJson()}};
  if (options.compareEager) {
    for (const auto& round : rounds)
      std::printf("round         C++ %.2f ms, PyTorch eager (Python) %.2f ms: %.3f\n",
                  round.at("cpp_inference_mean_ms").get<double>(),
                  round.at("pytorch_eager").at("inference_ms").at("mean").get<double>(),
                  round.at("cpp_over_eager_inference").get<double>());
    std::printf("C++ engine ÷ PyTorch eager, inference time, same frames and threads: %.3f (median of %zu rounds)\n",
                median(ratios), ratios.size());
    report["eager_rounds"] = rounds;
    report["cpp_over_eager_inference"] = median(ratios);
  }
  if (!options.jsonReport.empty()) writeFileAtomically(options.jsonReport, report.dump(2) + "\n");
  return 0;
}

}  // namespace endoverlay
