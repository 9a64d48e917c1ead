#include "core/model/Preprocess.h"

#include <opencv2/imgproc.hpp>

namespace endoverlay {
namespace {

int conversionFrom4Channels(ColourOrder order) {
  switch (order) {
    case ColourOrder::Rgb: return cv::COLOR_BGRA2RGB;
    case ColourOrder::Bgr: return cv::COLOR_BGRA2BGR;
    case ColourOrder::Grey: return cv::COLOR_BGRA2GRAY;
  }
  return cv::COLOR_BGRA2RGB;
}

}  // namespace

torch::Tensor preprocessFrame(const cv::Mat& bgrx, const InputSpec& spec) {
  CV_Assert(bgrx.type() == CV_8UC4);
  cv::Mat resized;
  cv::resize(bgrx, resized, cv::Size(spec.width, spec.height), 0, 0, cv::INTER_AREA);
  cv::Mat ordered;
  cv::cvtColor(resized, ordered, conversionFrom4Channels(spec.colourOrder));
  cv::Mat scaled;
  ordered.convertTo(scaled, CV_32F, 1.0 / 255.0);
  const auto channels = static_cast<std::int64_t>(spec.channels);
  const auto hwc = torch::from_blob(scaled.data, {spec.height, spec.width, channels}, torch::kFloat32);
  const auto mean = torch::tensor(spec.mean).view({channels, 1, 1});
  const auto std = torch::tensor(spec.std).view({channels, 1, 1});
  // The subtraction makes a new tensor, so nothing points into `scaled` afterwards.
  return ((hwc.permute({2, 0, 1}) - mean) / std).unsqueeze(0).contiguous();
}

}  // namespace endoverlay
