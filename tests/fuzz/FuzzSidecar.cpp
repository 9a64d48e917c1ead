// libFuzzer target: a recording's sidecar (header and result lines), then
// what replay, exports and the library do with what it loaded: find the
// events and burn the overlay of each result, with the time-intensity curve
// up to it, into a small picture.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/readout/OverlayPainter.h"
#include "core/recording/RecordingEvents.h"
#include "core/recording/SidecarFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  endoverlay::SidecarFile sidecar;
  try {
    sidecar = endoverlay::SidecarFile::read(in, "sidecar fuzz.results.jsonl");
  } catch (const std::runtime_error&) {
    return 0;
  }
  endoverlay::findEvents(sidecar.results);
  cv::Mat picture(120, 160, CV_8UC4, cv::Scalar(0, 0, 0, 255));
  endoverlay::TimeIntensityCurve curve;
  for (const auto& result : sidecar.results) {
    curve.add(result);
    endoverlay::paintOverlay(picture, &result, &curve);
  }
  return 0;
}
