#include "core/model/SelfTest.h"

#include "core/analysis/StageClock.h"
#include "core/model/TorchEngine.h"

namespace endoverlay {

std::vector<SelfTestLine> runSelfTest(const AnalysisSetup& setup) {
  const cv::Mat grey(480, 640, CV_8UC4, cv::Scalar(128, 128, 128, 255));
  std::vector<SelfTestLine> lines;
  for (const ModelCard& card : setup.cards()) {
    TorchEngine engine(card, setup.engine);
    StageClock clock;
    StageTimings timings;
    if (!engine.infer(grey, timings).finite)
      throw ModelCardError("model " + card.name + " " + card.version + " returned NaN or infinity on a grey frame");
    lines.push_back({card.name, card.version, engine.deviceName(), clock.lap()});
  }
  return lines;
}

}  // namespace endoverlay
