#pragma once

#include <stdexcept>
#include <string>

#include "core/analysis/InferenceResult.h"

namespace endoverlay::test {

// The head `id` of a result; throws, failing the test, when it has none.
inline const HeadOutput& headOf(const InferenceResult& result, const std::string& id) {
  const HeadOutput* head = result.head(id);
  if (!head) throw std::runtime_error("the result has no head '" + id + "'");
  return *head;
}

// Whether the head `id`'s raw detection reaches its display threshold on this frame.
inline bool detects(const InferenceResult& result, const std::string& id) {
  const HeadOutput& head = headOf(result, id);
  return head.detection && head.detection->score >= head.displayThreshold;
}

}  // namespace endoverlay::test
