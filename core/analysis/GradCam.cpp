#include "core/analysis/GradCam.h"

#include <torch/autograd.h>

namespace endoverlay {

cv::Mat gradCamMap(torch::jit::script::Module& module, const std::string& method, const torch::Tensor& featureMap,
                   std::int64_t classIndex) {
  const torch::AutoGradMode autograd(true);
  // The feature map comes out of inference mode; a plain copy can carry a gradient.
  const torch::Tensor features = featureMap.detach().clone().requires_grad_(true);
  const torch::Tensor logits = module.get_method(method)({features}).toTensor();
  const torch::Tensor gradient = torch::autograd::grad({logits[0][classIndex]}, {features})[0];
  const torch::Tensor weights = gradient.mean({2, 3}, true);
  torch::Tensor cam = torch::relu((weights * features.detach()).sum(1))[0];
  const double peak = cam.max().item<double>();
  if (peak > 0) cam = cam / peak;
  cam = cam.to(torch::kCPU, torch::kFloat32).contiguous();
  return cv::Mat(static_cast<int>(cam.size(0)), static_cast<int>(cam.size(1)), CV_32F, cam.data_ptr<float>()).clone();
}

}  // namespace endoverlay
