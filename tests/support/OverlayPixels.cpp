#include "support/OverlayPixels.h"

#include <QDir>

#include <algorithm>

#include "core/readout/OverlayPainter.h"

namespace endoverlay::test {

bool isHeatmapColoured(QRgb pixel) { return qGreen(pixel) > qRed(pixel) + 40 && qGreen(pixel) > 120; }

double heatmapShare(const QImage& image, const QRect& rect) {
  const QRect inside = rect.intersected(image.rect());
  int hits = 0;
  for (int y = inside.top(); y <= inside.bottom(); ++y)
    for (int x = inside.left(); x <= inside.right(); ++x) hits += isHeatmapColoured(image.pixel(x, y));
  return inside.isEmpty() ? 0.0 : static_cast<double>(hits) / (inside.width() * inside.height());
}

bool isBoxYellow(QRgb p) { return qRed(p) > 200 && qGreen(p) > 170 && qBlue(p) < 90; }

QRect toWindow(const Box& box, QSize frame, QSize window) {
  const double scale = std::min(double(window.width()) / frame.width(), double(window.height()) / frame.height());
  const double x0 = (window.width() - frame.width() * scale) / 2, y0 = (window.height() - frame.height() * scale) / 2;
  return QRectF(x0 + box.x * scale, y0 + box.y * scale, box.width * scale, box.height * scale).toAlignedRect();
}

int boxEdgePixels(const cv::Mat& picture, const Box& box) {
  const int left = static_cast<int>(box.x);
  const int middle = static_cast<int>(box.y + box.height / 2);
  const cv::Scalar colour = bgrOf(boxColour());
  int pixels = 0;
  for (int x = left - 1; x <= left + 2; ++x) {
    const cv::Vec3b p = picture.at<cv::Vec3b>(middle, x);
    pixels += p[0] == colour[0] && p[1] == colour[1] && p[2] == colour[2];
  }
  return pixels;
}

void saveForReview(const QImage& image, const QString& name) {
  QDir().mkpath(QStringLiteral(ENDOVERLAY_TEST_OUTPUT));
  image.save(QStringLiteral(ENDOVERLAY_TEST_OUTPUT "/%1.png").arg(name));
}

}  // namespace endoverlay::test
