#include "core/model/DevicePreprocess.h"

#include "core/model/ResizeWeights.h"

namespace endoverlay {
namespace {

torch::Tensor toTensor(const cv::Mat& weights, torch::Device device) {
  return torch::from_blob(weights.data, {weights.rows, weights.cols}, torch::kFloat32).clone().to(device);
}

}  // namespace

DevicePreprocessor::DevicePreprocessor(const InputSpec& spec, torch::Device device, torch::ScalarType dtype)
    : spec_(spec), device_(device), dtype_(dtype) {
  const auto channels = static_cast<std::int64_t>(spec.channels);
  mean_ = torch::tensor(spec.mean).view({channels, 1, 1}).to(device);
  std_ = torch::tensor(spec.std).view({channels, 1, 1}).to(device);
}

torch::Tensor DevicePreprocessor::upload(const cv::Mat& bgrx) {
  const auto rows = static_cast<std::int64_t>(bgrx.rows);
  const auto cols = static_cast<std::int64_t>(bgrx.cols);
  if (device_.is_cpu())
    return torch::from_blob(bgrx.data, {rows, cols, 4}, {static_cast<std::int64_t>(bgrx.step[0]), 4, 1}, torch::kUInt8);
  if (!staging_.defined() || staging_.size(0) != rows || staging_.size(1) != cols)
    staging_ = torch::empty({rows, cols, 4}, torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(true));
  cv::Mat pinned(bgrx.rows, bgrx.cols, CV_8UC4, staging_.data_ptr());
  bgrx.copyTo(pinned);
  return staging_.to(device_, /*non_blocking=*/true);
}

void DevicePreprocessor::prepareWeights(cv::Size in) {
  if (in == weightsFor_) return;
  const cv::Size out(spec_.width, spec_.height);
  const bool area = resizeAveragesCells(in, out);
  rowWeights_ = toTensor(resizeWeights(in.height, out.height, area), device_);
  columnWeights_ = toTensor(resizeWeights(in.width, out.width, area), device_).t().contiguous();
  weightsFor_ = in;
}

torch::Tensor DevicePreprocessor::operator()(const cv::Mat& bgrx) {
  CV_Assert(bgrx.type() == CV_8UC4 && !bgrx.empty());
  prepareWeights(bgrx.size());
  const torch::Tensor bgr = upload(bgrx).permute({2, 0, 1}).narrow(0, 0, 3).to(torch::kFloat32);
  // Rounded to whole levels, halves up, as OpenCV's 8-bit area resize rounds its sums.
  const torch::Tensor resized = torch::matmul(torch::matmul(rowWeights_, bgr), columnWeights_).add_(0.5).floor_();
  torch::Tensor ordered;
  switch (spec_.colourOrder) {
    case ColourOrder::Bgr: ordered = resized; break;
    case ColourOrder::Rgb: ordered = resized.flip({0}); break;
    case ColourOrder::Grey:
      // OpenCV's fixed-point BGR → grey for 8-bit images, exact in float32.
      ordered = torch::floor((resized[0] * 1868 + resized[1] * 9617 + resized[2] * 4899 + 8192) / 16384).unsqueeze(0);
      break;
  }
  return ((ordered * (1.0 / 255.0) - mean_) / std_).unsqueeze(0).to(dtype_).contiguous();
}

}  // namespace endoverlay
