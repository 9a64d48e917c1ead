// Times every head of a mode on pre-decoded frames (PNG files, any size) on
// the CPU or a GPU, without Qt or GStreamer, and on a GPU checks its results
// against the CPU's on the same frames. A benchmark: it prints numbers; the
// only thing it judges is whether the GPU's results match the CPU's (exit 1
// when they do not).
//
// endoverlay-heads-bench FRAMES_DIR [--mode ercp|eus] [--device cpu|cuda] [--rounds N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/analysis/AnalysisSetup.h"
#include "core/analysis/InferenceStage.h"
#include "core/evaluation/LocalisationMetrics.h"
#include "core/support/StageLatencies.h"

using namespace endoverlay;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

constexpr int kWarmUpFrames = 10;
// Half precision on the GPU moves probabilities by a few thousandths; boxes by a model pixel at most.
constexpr double kProbabilityTolerance = 0.02;
constexpr double kBoxIouFloor = 0.85;

struct Options {
  fs::path frames;
  std::string mode = "ercp";
  DeviceChoice device = DeviceChoice::Cpu;
  int rounds = 3;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    const auto value = [&] {
      if (i + 1 >= argc) throw std::invalid_argument(argument + " needs a value");
      return std::string(argv[++i]);
    };
    if (argument == "--mode") options.mode = value();
    else if (argument == "--device") options.device = parseDeviceChoice(value());
    else if (argument == "--rounds") options.rounds = std::max(1, std::stoi(value()));
    else if (options.frames.empty()) options.frames = argument;
    else throw std::invalid_argument("unexpected argument " + argument);
  }
  if (options.frames.empty()) throw std::invalid_argument("usage: endoverlay-heads-bench FRAMES_DIR [--mode M] [--device cpu|cuda] [--rounds N]");
  return options;
}

std::vector<Frame> loadFrames(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".png") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Frame> frames;
  for (const fs::path& file : files) {
    Frame frame;
    frame.index = static_cast<std::int64_t>(frames.size());
    cv::cvtColor(cv::imread(file.string(), cv::IMREAD_COLOR), frame.bgrx, cv::COLOR_BGR2BGRA);
    frames.push_back(std::move(frame));
  }
  if (frames.size() <= kWarmUpFrames) throw std::runtime_error("fewer than " + std::to_string(kWarmUpFrames + 1) + " PNG frames in " + folder.string());
  return frames;
}

std::unique_ptr<InferenceStage> stageOn(const std::string& mode, DeviceChoice device) {
  AnalysisSetup setup;
  setup.engine.device = device;
  return setup.makeStage(mode);
}

void printRow(const char* name, const LatencySummary& s) {
  std::printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", name, s.mean, s.p50, s.p99, s.p999, s.max);
}

// The GPU's heads against the CPU's on every frame: the largest probability difference and the smallest box IoU.
bool matchesTheCpu(InferenceStage& gpu, const std::vector<Frame>& frames, const std::string& mode) {
  const std::unique_ptr<InferenceStage> cpu = stageOn(mode, DeviceChoice::Cpu);
  double worstProbability = 0;
  double worstIou = 1;
  for (const Frame& frame : frames) {
    const InferenceResult a = cpu->analyze(frame);
    const InferenceResult b = gpu.analyze(frame);
    for (std::size_t h = 0; h < a.heads.size() && h < b.heads.size(); ++h) {
      const HeadOutput& x = a.heads[h];
      const HeadOutput& y = b.heads[h];
      if (x.probabilities && y.probabilities)
        for (std::size_t i = 0; i < x.probabilities->values.size(); ++i)
          worstProbability = std::max(worstProbability, std::abs(x.probabilities->values[i] - y.probabilities->values[i]));
      if (x.detection && y.detection && x.detection->score >= x.displayThreshold)
        worstIou = std::min(worstIou, intersectionOverUnion(x.detection->box, y.detection->box));
    }
  }
  const bool matches = worstProbability <= kProbabilityTolerance && worstIou >= kBoxIouFloor;
  std::printf("GPU against CPU on %zu frames: largest probability difference %.4f (at most %.2f), smallest shown-box IoU %.3f (at least %.2f): %s\n",
              frames.size(), worstProbability, kProbabilityTolerance, worstIou, kBoxIouFloor, matches ? "match" : "DIFFER");
  return matches;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    const std::vector<Frame> frames = loadFrames(options.frames);
    const std::unique_ptr<InferenceStage> stage = stageOn(options.mode, options.device);
    for (int i = 0; i < kWarmUpFrames; ++i) stage->analyze(frames[static_cast<std::size_t>(i)]);

    StageLatencies latencies;
    const auto start = Clock::now();
    std::size_t timed = 0;
    for (int round = 0; round < options.rounds; ++round)
      for (const Frame& source : frames) {
        Frame frame = source;
        frame.arrival = Clock::now();
        InferenceResult result = stage->analyze(frame);
        result.timings.readyMs = std::chrono::duration<double, std::milli>(Clock::now() - frame.arrival).count();
        latencies.add(result.timings);
        ++timed;
      }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    std::printf("frames     %zu of %dx%d from %s, %d rounds\n", frames.size(), frames.front().bgrx.cols,
                frames.front().bgrx.rows, options.frames.string().c_str(), options.rounds);
    std::printf("mode       %s: %zu heads on %s\n", stage->protocol().name.c_str(), stage->models().size(),
                stage->device().c_str());
    std::printf("throughput %.1f frames/s, one at a time\n", timed / seconds);
    std::printf("| stage (ms) | mean | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|\n");
    for (const auto s : {StageLatencies::Preprocess, StageLatencies::Inference, StageLatencies::Postprocess})
      printRow(StageLatencies::name(s).c_str(), latencies.summary(s));
    printRow("arrival → result", latencies.summary(StageLatencies::Ready));
    if (options.device == DeviceChoice::Cuda && !matchesTheCpu(*stage, frames, options.mode)) return 1;
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "endoverlay-heads-bench: %s\n", e.what());
    return 2;
  }
}
