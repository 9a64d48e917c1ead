#include "core/SelfTest.h"

#include "core/ModelDirectory.h"
#include "core/StageClock.h"
#include "core/TorchEngine.h"

namespace endoverlay {

std::vector<SelfTestLine> runSelfTest(const std::filesystem::path& modelsDirectory, const EngineOptions& options) {
  const cv::Mat grey(480, 640, CV_8UC4, cv::Scalar(128, 128, 128, 255));
  std::vector<SelfTestLine> lines;
  for (const ModelCard& card : loadModelCards(modelsDirectory)) {
    TorchEngine engine(card, options);
    StageClock clock;
    StageTimings timings;
    engine.infer(grey, timings);
    lines.push_back({card.name, card.version, engine.deviceName(), clock.lap()});
  }
  return lines;
}

}  // namespace endoverlay
