#include <algorithm>
#include <iterator>

#include "core/InferenceResult.h"

namespace endoverlay {

double ClassProbabilities::of(const std::string& label) const {
  const auto it = std::find(labels.begin(), labels.end(), label);
  return it == labels.end() ? 0.0 : values.at(static_cast<std::size_t>(std::distance(labels.begin(), it)));
}

double ClassProbabilities::sumOf(const std::vector<std::string>& wanted) const {
  double sum = 0;
  for (const std::string& label : wanted) sum += of(label);
  return sum;
}

std::size_t ClassProbabilities::top() const {
  return static_cast<std::size_t>(std::distance(values.begin(), std::max_element(values.begin(), values.end())));
}

std::string describe(const ModelIdentity& model) {
  std::string text = model.name + " " + model.version + " · model " + model.sha256.substr(0, 8);
  if (!model.cardSha256.empty()) text += " · card " + model.cardSha256.substr(0, 8);
  return text;
}

bool InferenceResult::isInvalid(ModelTask task) const {
  return std::find(invalidOutputs.begin(), invalidOutputs.end(), task) != invalidOutputs.end();
}

bool InferenceResult::hasHead(ModelTask task) const {
  return std::find(headTasks.begin(), headTasks.end(), task) != headTasks.end();
}

std::string toString(TrafficLight light) {
  switch (light) {
    case TrafficLight::Off: return "off";
    case TrafficLight::Green: return "green";
    case TrafficLight::Amber: return "amber";
    case TrafficLight::Red: return "red";
  }
  return "off";
}

}  // namespace endoverlay
