#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/AnalysisSetup.h"
#include "pipeline/FrameFanOut.h"
#include "ui/OverlayReadout.h"

namespace endoverlay {

class InferenceStage;
class InferenceWorker;

// Replay's overlay from "current models": the analysis of a protocol, built
// by AnalysisSetup as the live view builds it, on the newest frame of
// `frames` while it runs. Results and failures come back on `context`'s
// (the GUI) thread, which owns this; those still on their way when it stops
// are dropped.
class ModelRerun {
 public:
  using ResultHandler = std::function<void(InferenceResult, OverlayReadout::Images)>;
  using FailureHandler = std::function<void(const QString&)>;

  ModelRerun(QObject* context, FrameFanOut& frames, ResultHandler onResult, FailureHandler onFailure);
  ~ModelRerun();

  // Builds the analysis of `protocolId` unless it is built, and starts the
  // worker. Throws std::exception when the models cannot run.
  void start(const AnalysisSetup& setup, const std::string& protocolId);
  // Stops the worker; results still on their way are dropped. The models stay loaded.
  void stop();
  // Stops, and lets the models go: another video may be another mode.
  void unload();
  bool running() const { return worker_ != nullptr; }

  // The frames before a jump say nothing about the one shown next.
  void restartSmoothing();
  // The models of the loaded analysis; empty before start().
  std::vector<ModelIdentity> models() const;

 private:
  QObject* context_;
  FrameFanOut& frames_;
  ResultHandler onResult_;
  FailureHandler onFailure_;
  std::unique_ptr<InferenceStage> stage_;
  std::unique_ptr<InferenceWorker> worker_;
  std::atomic<int> generation_{0};
};

}  // namespace endoverlay
