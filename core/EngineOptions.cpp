#include "core/EngineOptions.h"

#include <stdexcept>

namespace endoverlay {

DeviceChoice parseDeviceChoice(const std::string& text) {
  if (text == "auto") return DeviceChoice::Auto;
  if (text == "cpu") return DeviceChoice::Cpu;
  if (text == "cuda") return DeviceChoice::Cuda;
  throw std::invalid_argument("--device wants auto, cpu or cuda, not '" + text + "'");
}

}  // namespace endoverlay
