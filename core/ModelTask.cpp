#include "core/ModelTask.h"

#include <stdexcept>

namespace endoverlay {

std::string toString(ModelTask task) {
  switch (task) {
    case ModelTask::AmpullaSoftMask: return "ampulla_soft_mask";
    case ModelTask::CannulationDifficulty: return "cannulation_difficulty";
    case ModelTask::CystType: return "cyst_type";
  }
  return "unknown";
}

ModelTask parseModelTask(const std::string& text) {
  for (const ModelTask task : {ModelTask::AmpullaSoftMask, ModelTask::CannulationDifficulty, ModelTask::CystType})
    if (toString(task) == text) return task;
  throw std::invalid_argument("unknown task '" + text + "' (ampulla_soft_mask, cannulation_difficulty or cyst_type)");
}

}  // namespace endoverlay
