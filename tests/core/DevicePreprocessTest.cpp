#include <QtTest>

#include "core/model/DevicePreprocess.h"
#include "core/evaluation/GroundTruth.h"
#include "core/model/ModelDirectory.h"
#include "core/model/Preprocess.h"
#include "support/DemoClip.h"
#include "support/TestFiles.h"

using namespace endoverlay;

namespace {

// How far the GPU-style preprocessing is from OpenCV's, in the model's input units.
struct Agreement {
  double worst = 0;
  double shareExact = 0;  // values within float rounding
};

Agreement compare(const cv::Mat& image, const InputSpec& spec) {
  DevicePreprocessor onDevice(spec, torch::kCPU, torch::kFloat32);
  const torch::Tensor ours = onDevice(image);
  const torch::Tensor reference = preprocessFrame(image, spec);
  if (ours.sizes() != reference.sizes()) return {1e9, 0};
  const torch::Tensor difference = (ours - reference).abs();
  return {difference.max().item<double>(), (difference < 1e-5).to(torch::kFloat32).mean().item<double>()};
}

// At most one grey level apart after the resize (a rounding tie), and equal
// but for float rounding on at least `exactShare` of the values.
void verifyAgreement(const cv::Mat& image, const InputSpec& spec, double exactShare) {
  const Agreement a = compare(image, spec);
  const double oneLevel = 1.0 / 255.0 / *std::min_element(spec.std.begin(), spec.std.end()) + 1e-5;
  QVERIFY2(a.worst <= oneLevel, qPrintable(QString("off by %1").arg(a.worst)));
  QVERIFY2(a.shareExact >= exactShare, qPrintable(QString("%1 exact").arg(a.shareExact)));
}

}  // namespace

// The preprocessing the engine runs on a GPU, run here on the CPU against
// the OpenCV path the CPU engine and the training code use, for every
// bundled card's input.
class DevicePreprocessTest : public QObject {
  Q_OBJECT

 private:
  cv::Mat frame_;
  std::vector<ModelCard> cards_;

  const InputSpec& inputOf(const std::string& task) const { return findCard(cards_, task)->input; }

 private Q_SLOTS:
  void initTestCase() {
    frame_ = test::decodeFrame(test::ercpDemoClip(), 300).bgrx;
    cards_ = loadModelCards(test::bundledModels());
  }

  void wholeFrameToRgb() { verifyAgreement(frame_, inputOf(kAmpullaSoftMaskTask), 0.99); }

  void regionToRgb() {
    const auto box = loadTruthLines(test::ercpDemoTruth()).at(300).box;
    const cv::Mat region = frame_(cv::Rect(static_cast<int>(box->x), static_cast<int>(box->y), 170, 169));
    verifyAgreement(region, inputOf(kCannulationDifficultyTask), 0.99);
  }

  void wholeFrameToGrey() { verifyAgreement(frame_, inputOf(kCystTypeTask), 0.99); }

  void smallRegionIsStretched() {
    // A dragged EUS region smaller than the model's input: OpenCV interpolates
    // with 11-bit weights, the matrices with float ones, so a level apart at most.
    verifyAgreement(frame_(cv::Rect(200, 150, 120, 90)), inputOf(kCystTypeTask), 0.8);
  }

  void halfPrecisionIsOnlyAskedFor() {
    const InputSpec& spec = inputOf(kAmpullaSoftMaskTask);
    DevicePreprocessor half(spec, torch::kCPU, torch::kFloat16);
    QCOMPARE(half(frame_).scalar_type(), torch::kFloat16);
    QVERIFY(!half.stagesThroughPinnedMemory());  // the CPU reads the frame where it lies
  }
};

QTEST_GUILESS_MAIN(DevicePreprocessTest)
#include "DevicePreprocessTest.moc"
