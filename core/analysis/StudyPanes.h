#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/analysis/InferenceResult.h"
#include "core/protocol/Protocol.h"

namespace endoverlay {

// A study protocol's panes, one per series it reads (the four CT phases, the one MR series), and which pane
// each head's readout belongs on: the pane of the series the head reads. The window, its exports and the
// report all lay a study out this way.
class StudyPanes {
 public:
  // `protocol` must read a study (Protocol::study set).
  explicit StudyPanes(const Protocol& protocol);

  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  // `result` once per pane, holding only the heads that read that pane's series.
  std::vector<InferenceResult> split(const InferenceResult& result) const;

 private:
  std::vector<std::string> names_;
  std::map<std::string, std::size_t> paneOf_;  // by head id
};

}  // namespace endoverlay
