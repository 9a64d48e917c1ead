#include <algorithm>
#include <iterator>

#include "core/analysis/InferenceResult.h"

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

bool HeadOutput::detectionShown() const {
  if (kind == HeadKind::Segmenter) return stable.segmentation && !stable.segmentation->outlines.empty();
  return stable.detection && stable.detection->score >= displayThreshold;
}

const HeadOutput* InferenceResult::head(const std::string& id) const {
  const auto it = std::find_if(heads.begin(), heads.end(), [&](const HeadOutput& h) { return h.id == id; });
  return it == heads.end() ? nullptr : &*it;
}

std::vector<const HeadOutput*> InferenceResult::headsWith(ReadoutKind readout) const {
  std::vector<const HeadOutput*> found;
  for (const HeadOutput& h : heads)
    if (h.readout == readout) found.push_back(&h);
  return found;
}

std::vector<ModelIdentity> InferenceResult::models() const {
  std::vector<ModelIdentity> ran;
  for (const HeadOutput& h : heads)
    if (h.ran) ran.push_back(h.model);
  return ran;
}

bool InferenceResult::anyInvalid() const {
  return std::any_of(heads.begin(), heads.end(), [](const HeadOutput& h) { return h.invalid; });
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
