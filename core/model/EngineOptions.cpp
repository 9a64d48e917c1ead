#include "core/model/EngineOptions.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace endoverlay {

int cpuThreadBudget(int requested) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return requested > 0 ? requested : std::max(1, cores - 1);
}

DeviceChoice parseDeviceChoice(const std::string& text) {
  if (text == "auto") return DeviceChoice::Auto;
  if (text == "cpu") return DeviceChoice::Cpu;
  if (text == "cuda") return DeviceChoice::Cuda;
  throw std::invalid_argument("--device wants auto, cpu or cuda, not '" + text + "'");
}

}  // namespace endoverlay
