#pragma once

#include <string>

namespace endoverlay {

enum class DeviceChoice { Auto, Cpu, Cuda };

struct EngineOptions {
  DeviceChoice device = DeviceChoice::Auto;
  int cpuThreads = 0;  // 0: all cores but one, so the display keeps a core
};

// The CPU threads inference uses for `requested` (0: all cores but one, at least one).
int cpuThreadBudget(int requested);

// "auto", "cpu" or "cuda"; throws std::invalid_argument otherwise.
DeviceChoice parseDeviceChoice(const std::string& text);

}  // namespace endoverlay
