#pragma once

#include <string>

namespace endoverlay {

enum class DeviceChoice { Auto, Cpu, Cuda };

struct EngineOptions {
  DeviceChoice device = DeviceChoice::Auto;
  int cpuThreads = 0;  // 0: all cores but one, so the display keeps a core
};

// "auto", "cpu" or "cuda"; throws std::invalid_argument otherwise.
DeviceChoice parseDeviceChoice(const std::string& text);

}  // namespace endoverlay
