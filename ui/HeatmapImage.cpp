#include "ui/HeatmapImage.h"

#include <algorithm>
#include <array>

namespace endoverlay {
namespace {

struct ColourStop {
  float at;
  float r, g, b;
};

constexpr std::array<ColourStop, 4> kStops{{{0.0f, 0, 60, 255}, {0.5f, 0, 200, 255}, {0.75f, 0, 255, 120}, {1.0f, 120, 255, 0}}};
constexpr float kFadeFrom = 0.1f;
constexpr float kOpaqueAt = 0.6f;
constexpr float kMaxAlpha = 0.85f;

QRgb colourFor(float p) {
  p = std::clamp(p, 0.0f, 1.0f);
  std::size_t i = 1;
  while (i + 1 < kStops.size() && p > kStops[i].at) ++i;
  const ColourStop& lo = kStops[i - 1];
  const ColourStop& hi = kStops[i];
  const float t = (p - lo.at) / (hi.at - lo.at);
  const float x = std::clamp((p - kFadeFrom) / (kOpaqueAt - kFadeFrom), 0.0f, 1.0f);
  const float alpha = kMaxAlpha * x * x * (3.0f - 2.0f * x);
  // Premultiplied, as QPainter wants for fast blending.
  const auto channel = [&](float a, float b) { return static_cast<int>((a + (b - a) * t) * alpha + 0.5f); };
  return qRgba(channel(lo.r, hi.r), channel(lo.g, hi.g), channel(lo.b, hi.b), static_cast<int>(alpha * 255.0f + 0.5f));
}

}  // namespace

QImage heatmapImage(const cv::Mat& mask) {
  CV_Assert(mask.type() == CV_32F);
  QImage image(mask.cols, mask.rows, QImage::Format_ARGB32_Premultiplied);
  for (int row = 0; row < mask.rows; ++row) {
    const float* in = mask.ptr<float>(row);
    auto* out = reinterpret_cast<QRgb*>(image.scanLine(row));
    for (int col = 0; col < mask.cols; ++col) out[col] = colourFor(in[col]);
  }
  return image;
}

}  // namespace endoverlay
