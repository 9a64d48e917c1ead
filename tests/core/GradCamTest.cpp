#include <QtTest>

#include <cmath>

#include "core/analysis/GradCam.h"
#include "support/TestFiles.h"

using namespace endoverlay;

namespace {

// Grad-CAM of the test model worked out by hand. Its head is
// fc(mean_ij(relu(A)^2)), so d logit_c / d A_kij = W_ck * 2 relu(A_kij) / (h w);
// averaging that over space gives channel k's weight.
cv::Mat expectedMap(const torch::Tensor& fm, const torch::Tensor& weight, int c) {
  const auto a = fm.accessor<float, 4>();
  const auto w = weight.accessor<float, 2>();
  const int channels = static_cast<int>(fm.size(1)), h = static_cast<int>(fm.size(2)), wd = static_cast<int>(fm.size(3));
  std::vector<double> alpha(channels, 0.0);
  for (int k = 0; k < channels; ++k) {
    for (int i = 0; i < h; ++i)
      for (int j = 0; j < wd; ++j) alpha[k] += w[c][k] * 2.0 * std::max(0.0f, a[0][k][i][j]) / (h * wd);
    alpha[k] /= h * wd;
  }
  cv::Mat map(h, wd, CV_32F);
  double peak = 0;
  for (int i = 0; i < h; ++i)
    for (int j = 0; j < wd; ++j) {
      double sum = 0;
      for (int k = 0; k < channels; ++k) sum += alpha[k] * a[0][k][i][j];
      map.at<float>(i, j) = static_cast<float>(std::max(0.0, sum));
      peak = std::max(peak, std::max(0.0, sum));
    }
  return peak > 0 ? cv::Mat(map / peak) : map;
}

}  // namespace

class GradCamTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void matchesTheHandComputedMap() {
    auto module = torch::jit::load(std::string(ENDOVERLAY_TEST_MODELS "/gradcam_test_model.pt"));
    module.eval();
    const torch::Tensor weight = module.attr("fc").toModule().attr("weight").toTensor().detach().clone();
    torch::manual_seed(1);
    const torch::Tensor image = torch::randn({1, 1, 5, 7});
    torch::Tensor featureMap;
    {
      // As in the app: the forward pass runs in inference mode.
      const c10::InferenceMode inference;
      featureMap = module.forward({image}).toTupleRef().elements()[1].toTensor();
    }
    for (int c : {0, 1}) {
      const cv::Mat map = gradCamMap(module, "head", featureMap, c);
      const cv::Mat expected = expectedMap(featureMap.clone(), weight, c);
      QCOMPARE(map.size(), cv::Size(7, 5));
      double maxError = 0;
      cv::minMaxLoc(cv::abs(map - expected), nullptr, &maxError);
      QVERIFY2(maxError < 1e-5, qPrintable(QStringLiteral("class %1: max error %2").arg(c).arg(maxError)));
      double peak = 0;
      cv::minMaxLoc(map, nullptr, &peak);
      QCOMPARE(peak, 1.0);
    }
    // Only the feature map gets a gradient: the model's own weights are left alone.
    QVERIFY(!module.attr("fc").toModule().attr("weight").toTensor().grad().defined());
  }
};

QTEST_APPLESS_MAIN(GradCamTest)
#include "GradCamTest.moc"
