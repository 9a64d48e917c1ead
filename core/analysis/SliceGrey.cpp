#include "core/analysis/SliceGrey.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <stdexcept>

#include "core/evaluation/ClassificationMetrics.h"

namespace endoverlay {

cv::Mat sliceGrey(const cv::Mat& values, const InputSpec& input) {
  CV_Assert(values.type() == CV_32FC1);
  if (input.window) return input.window->apply(values);
  if (!input.stretchPercentiles) throw std::invalid_argument("the model's card states no window or intensity stretch");
  const cv::Mat flat = values.isContinuous() ? values.reshape(1, 1) : values.clone().reshape(1, 1);
  std::vector<double> all(flat.begin<float>(), flat.end<float>());
  if (!std::all_of(all.begin(), all.end(), [](double v) { return std::isfinite(v); }))
    throw std::invalid_argument("the slice holds values that are not numbers");
  const std::vector<double> bounds =
      percentiles(std::move(all), {(*input.stretchPercentiles)[0], (*input.stretchPercentiles)[1]});
  const double low = bounds[0];
  const double high = bounds[1];
  const double scale = 255.0 / std::max(high - low, 1e-6);
  cv::Mat grey;
  values.convertTo(grey, CV_8U, scale, -low * scale);
  return grey;
}

}  // namespace endoverlay
