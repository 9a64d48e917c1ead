// Plays a clip through the window's live path (source → QVideoSink, newest
// frame → the mode's heads; with a RECORDINGS folder, recorded as well) and
// prints how the display and the overlay kept up.
// A benchmark, not a test: it prints numbers and asserts nothing.
#include <QGuiApplication>
#include <QVideoSink>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ui/VideoController.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

using namespace endoverlay;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: endoverlay-live-bench VIDEO [THREADS [ercp|eus [RECORDINGS]]]\n");
    return 2;
  }
  QVideoSink sink;
  VideoController controller;
  controller.setProperty("source", QString::fromLocal8Bit(argv[1]));
  if (argc > 2) controller.setProperty("cpuThreads", QString::fromLocal8Bit(argv[2]).toInt());
  if (argc > 3) controller.setProperty("mode", QString::fromLocal8Bit(argv[3]));
  if (argc > 4) controller.setProperty("recordingsFolder", QString::fromLocal8Bit(argv[4]));
  controller.setVideoSink(&sink);

  std::vector<Clock::time_point> shown;
  std::vector<double> inferenceMs;
  qint64 lastIndex = -1;
  QObject::connect(&sink, &QVideoSink::videoFrameChanged, [&] { shown.push_back(Clock::now()); });
  QObject::connect(&controller, &VideoController::frameShown, [&] { lastIndex = controller.frameIndex(); });
  QObject::connect(&controller, &VideoController::resultChanged, [&] { inferenceMs.push_back(controller.inferenceMs()); });
  QObject::connect(&controller, &VideoController::sourceStateChanged, [&] {
    if (controller.sourceState() != VideoController::SourceState::Playing) QGuiApplication::quit();
  });
  controller.componentComplete();
  if (argc > 4) controller.toggleRecording();
  QGuiApplication::exec();

  if (shown.size() < 2 || !controller.errorText().isEmpty()) {
    std::fprintf(stderr, "benchmark failed: %s\n", qPrintable(controller.errorText()));
    return 1;
  }
  const double seconds = std::chrono::duration<double>(shown.back() - shown.front()).count();
  std::vector<double> sorted = inferenceMs;
  std::sort(sorted.begin(), sorted.end());
  const double mean = sorted.empty() ? 0 : std::accumulate(sorted.begin(), sorted.end(), 0.0) / sorted.size();
  const double p99 = sorted.empty() ? 0 : sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(0.99 * sorted.size()))];
  std::printf("clip                 %s\n", argv[1]);
  std::printf("cpu cores            %u\n", std::thread::hardware_concurrency());
  std::printf("mode / models        %s: %s on %s\n", qPrintable(controller.modeName()), qPrintable(controller.modelsText()),
              qPrintable(controller.deviceName()));
  std::printf("source fps           %.2f\n", controller.sourceFps());
  std::printf("recording            %s\n", argc > 4 ? argv[4] : "off");
  std::printf("displayed fps        %.2f (%zu frames in %.2f s)\n", (shown.size() - 1) / seconds, shown.size(), seconds);
  std::printf("dropped frames       %lld\n", static_cast<long long>(lastIndex + 1 - static_cast<qint64>(shown.size())));
  std::printf("overlay updates/s    %.2f (%zu results)\n", inferenceMs.size() / seconds, inferenceMs.size());
  std::printf("inference ms         mean %.1f  p99 %.1f\n", mean, p99);
  const auto stages = nlohmann::json::parse(controller.latencyReport().toStdString());
  std::printf("latency ms           %8s %8s %8s %8s %8s\n", "mean", "p50", "p99", "p99.9", "max");
  for (const char* stage : {"queued", "preprocess", "inference", "postprocess", "ready", "shown"}) {
    if (!stages.contains(stage)) continue;
    const auto& s = stages.at(stage);
    std::printf("  %-18s %8.1f %8.1f %8.1f %8.1f %8.1f\n", stage, s.at("mean").get<double>(), s.at("p50").get<double>(),
                s.at("p99").get<double>(), s.at("p99_9").get<double>(), s.at("max").get<double>());
  }
  return 0;
}
