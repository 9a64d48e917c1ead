#include "app/RecordCommand.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "app/RegionOptions.h"
#include "core/analysis/InferenceStage.h"
#include "pipeline/LiveSession.h"
#include "pipeline/Recording.h"

namespace endoverlay {
namespace {

std::atomic<bool> interrupted{false};

}  // namespace

int runRecord(const CliOptions& options) {
  const SourceSpec spec = SourceSpec::parse(options.video);
  const std::unique_ptr<InferenceStage> stage = options.analysis.makeStage(options.mode);
  applyRegionOptions(options, *stage);

  std::atomic<bool> ended{false};
  std::string sourceFailure;
  std::mutex failureMutex;
  std::atomic<bool> recordingFailed{false};
  Recording recording({options.out, stage->protocol().id, stage->protocol().name, spec.kind, options.procedureId}, [&](const std::string& reason) {
    std::cerr << "endoverlay-cli: " << reason << std::endl;
    recordingFailed = true;
  });
  LiveSession* live = nullptr;
  LiveSessionCallbacks callbacks;
  callbacks.onRecordFrame = [&](const Frame& frame) { recording.addFrame(frame, live->source().nominalFps()); };
  callbacks.onResult = [&](InferenceResult result) { recording.addResult(result); };
  callbacks.onInferenceFailure = [&](const std::string& reason) {
    std::cerr << "endoverlay-cli: inference stopped, the recording goes on: " << reason << std::endl;
  };
  callbacks.onSourceError = [&](const SourceError& error) {
    const std::lock_guard lock(failureMutex);
    sourceFailure = error.what();
    ended = true;
  };
  callbacks.onEnd = [&] { ended = true; };
  callbacks.onSignalLost = [](const std::string& reason) {
    std::cerr << "endoverlay-cli: signal lost, reconnecting; the recording goes on after the gap: " << reason << std::endl;
  };
  callbacks.onSignalBack = [](double gapSeconds) {
    std::cerr << "endoverlay-cli: signal back after " << gapSeconds << " s" << std::endl;
  };
  LiveSession session(spec, stage.get(), std::move(callbacks));
  live = &session;

  std::signal(SIGINT, [](int) { interrupted = true; });
  std::signal(SIGTERM, [](int) { interrupted = true; });
  const auto start = std::chrono::steady_clock::now();
  const auto limit = std::chrono::seconds(options.recordSeconds);
  bool announced = false;
  session.start();
  while (!ended && !interrupted && !recordingFailed &&
         (options.recordSeconds == 0 || std::chrono::steady_clock::now() - start < limit)) {
    if (!announced && recording.framesRecorded() > 0) {
      std::printf("recording to %s\n", recording.videoPath().string().c_str());
      std::fflush(stdout);
      announced = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  session.stop();
  recording.stop();
  std::printf("recorded %lld frames (%lld dropped), %.1f s: %s and %s\n",
              static_cast<long long>(recording.framesRecorded()), static_cast<long long>(recording.framesDropped()),
              recording.seconds(), recording.videoPath().string().c_str(), recording.sidecarPath().string().c_str());
  {
    const std::lock_guard lock(failureMutex);
    if (!sourceFailure.empty()) {
      std::cerr << "endoverlay-cli: " << sourceFailure << "\n";
      return 1;
    }
  }
  return recording.failure().empty() ? 0 : 1;
}

}  // namespace endoverlay
