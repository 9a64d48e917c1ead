#include <QtTest>

#include <iostream>

#include <torch/cuda.h>

#include "core/model/DevicePreprocess.h"
#include "core/analysis/InferenceStage.h"
#include "core/evaluation/LocalisationMetrics.h"
#include "core/model/ModelDirectory.h"
#include "support/DemoClip.h"
#include "support/ResultHeads.h"
#include "support/TestFiles.h"

using namespace endoverlay;
using test::headOf;

namespace {

EngineOptions on(DeviceChoice device) {
  EngineOptions options;
  options.device = device;
  return options;
}

double largestDifference(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

}  // namespace

// The CUDA path against the CPU path on the demo clips. Runs only where
// LibTorch sees a GPU; elsewhere the executable exits 77 and ctest reports
// the test as skipped.
class CudaPathTest : public QObject {
  Q_OBJECT

 private:
  std::vector<ModelCard> cards_;
  Frame ercp_;
  Frame eus_;

 private Q_SLOTS:
  void initTestCase() {
    cards_ = loadModelCards(test::bundledModels());
    ercp_ = test::decodeFrame(test::ercpDemoClip(), 300);
    eus_ = test::decodeFrame(test::resources() / "clips" / "eus_demo.mp4", 100);
  }

  void preprocessingOnTheGpuMatchesTheCpu() {
    for (const ModelCard& card : cards_) {
      DevicePreprocessor gpu(card.input, torch::Device(torch::kCUDA, 0), torch::kFloat32);
      DevicePreprocessor cpu(card.input, torch::kCPU, torch::kFloat32);
      QVERIFY(gpu.stagesThroughPinnedMemory());
      const double worst = (gpu(ercp_.bgrx).cpu() - cpu(ercp_.bgrx)).abs().max().item<double>();
      QVERIFY2(worst <= 1.0 / 255.0 / card.input.std[0] + 1e-5, qPrintable(QString::number(worst)));
    }
  }

  void ercpHeadsAgree() {
    InferenceStage cpu(test::bundledProtocols(), cards_, on(DeviceChoice::Cpu), "ercp");
    InferenceStage gpu(test::bundledProtocols(), cards_, on(DeviceChoice::Cuda), "ercp");
    const InferenceResult a = cpu.analyze(ercp_);
    const InferenceResult b = gpu.analyze(ercp_);
    QVERIFY2(b.device.rfind("GPU (CUDA", 0) == 0, b.device.c_str());
    QVERIFY(b.deviceNotice.empty());
    const HeadOutput &ampullaA = headOf(a, "ampulla"), &ampullaB = headOf(b, "ampulla");
    const HeadOutput &difficultyA = headOf(a, "difficulty"), &difficultyB = headOf(b, "difficulty");
    QVERIFY(ampullaA.detection && ampullaB.detection && difficultyA.probabilities && difficultyB.probabilities);
    QVERIFY(intersectionOverUnion(ampullaA.detection->box, ampullaB.detection->box) > 0.95);
    QVERIFY(cv::norm(ampullaA.mask, ampullaB.mask, cv::NORM_INF) < 0.02);
    QVERIFY(largestDifference(difficultyA.probabilities->values, difficultyB.probabilities->values) < 0.02);
  }

  void eusHeadAndGradCamAgree() {
    InferenceStage cpu(test::bundledProtocols(), cards_, on(DeviceChoice::Cpu), "eus");
    InferenceStage gpu(test::bundledProtocols(), cards_, on(DeviceChoice::Cuda), "eus");
    cpu.setExplanations(true);
    gpu.setExplanations(true);
    const InferenceResult a = cpu.analyze(eus_);
    const InferenceResult b = gpu.analyze(eus_);
    const HeadOutput &cystA = headOf(a, "cyst_type"), &cystB = headOf(b, "cyst_type");
    QVERIFY(largestDifference(cystA.probabilities->values, cystB.probabilities->values) < 0.02);
    QVERIFY(cystA.explanation && cystB.explanation);
    QVERIFY(cv::norm(cystA.explanation->map, cystB.explanation->map, cv::NORM_INF) < 0.05);
  }

  void theSameFramesKeepAgreeing() {
    // The pinned staging buffer is reused frame after frame.
    InferenceStage gpu(test::bundledProtocols(), cards_, on(DeviceChoice::Cuda), "ercp");
    InferenceStage cpu(test::bundledProtocols(), cards_, on(DeviceChoice::Cpu), "ercp");
    for (const Frame* frame : {&ercp_, &eus_, &ercp_}) {
      const InferenceResult a = cpu.analyze(*frame);
      const InferenceResult b = gpu.analyze(*frame);
      QVERIFY(cv::norm(headOf(a, "ampulla").mask, headOf(b, "ampulla").mask, cv::NORM_INF) < 0.02);
    }
  }
};

int main(int argc, char** argv) {
  if (!torch::cuda::is_available()) {
    std::cout << "SKIPPED: LibTorch sees no CUDA GPU here, so the CUDA path is not tested\n";
    return 77;
  }
  QCoreApplication app(argc, argv);
  CudaPathTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "CudaPathTest.moc"
