#include "core/analysis/StudyPanes.h"

#include <stdexcept>

namespace endoverlay {

StudyPanes::StudyPanes(const Protocol& protocol) {
  if (!protocol.study) throw std::invalid_argument("protocol " + protocol.id + " reads video, not a study");
  for (const StudySeries& series : protocol.study->series) names_.push_back(series.id);
  for (const ProtocolHead& head : protocol.heads)
    paneOf_[head.id] = head.series.empty() ? 0 : protocol.study->indexOf(head.series);
}

std::vector<InferenceResult> StudyPanes::split(const InferenceResult& result) const {
  std::vector<InferenceResult> panes(names_.size(), result);
  for (InferenceResult& pane : panes) pane.heads.clear();
  for (const HeadOutput& head : result.heads) {
    const auto pane = paneOf_.find(head.id);
    if (pane != paneOf_.end()) panes[pane->second].heads.push_back(head);
  }
  return panes;
}

}  // namespace endoverlay
