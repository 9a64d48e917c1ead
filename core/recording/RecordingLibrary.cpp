#include "core/recording/RecordingLibrary.h"

#include <algorithm>
#include <stdexcept>

#include "core/recording/RecordingEvents.h"
#include "core/recording/ReviewFile.h"
#include "core/recording/SidecarFile.h"

namespace endoverlay {
namespace {

constexpr const char* kSidecarSuffix = ".results.jsonl";

bool isSidecar(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  const std::string suffix = kSidecarSuffix;
  return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void addProblem(RecordingSummary& summary, const std::string& problem) {
  summary.problem += (summary.problem.empty() ? "" : "; ") + problem;
}

RecordingSummary summarise(const std::filesystem::path& sidecarPath) {
  RecordingSummary summary;
  summary.sidecar = sidecarPath;
  SidecarFile sidecar;
  try {
    sidecar = SidecarFile::load(sidecarPath);
  } catch (const std::exception& e) {
    summary.problem = e.what();
    return summary;
  }
  summary.procedureId = sidecar.header.procedureId;
  summary.startedUtc = sidecar.header.startedUtc;
  summary.mode = sidecar.header.protocolName;
  summary.video = sidecarPath.parent_path() / sidecar.header.video;
  if (!sidecar.damage.empty()) addProblem(summary, sidecar.damage);
  if (!std::filesystem::is_regular_file(summary.video))
    addProblem(summary, "video " + summary.video.filename().string() + " is missing");
  if (!sidecar.results.empty()) summary.durationSeconds = sidecar.results.back().ptsNs / 1e9;
  for (const InferenceResult& result : sidecar.results) {
    for (const ModelIdentity& model : result.models()) {
      const std::string name = describe(model);
      if (std::find(summary.models.begin(), summary.models.end(), name) == summary.models.end())
        summary.models.push_back(name);
    }
  }
  const std::vector<RecordingEvent> events = findEvents(sidecar.results);
  summary.events = static_cast<int>(events.size());
  summary.warnings = static_cast<int>(
      std::count_if(events.begin(), events.end(), [](const RecordingEvent& e) { return e.kind == EventKind::WarningOn; }));
  try {
    summary.reviewed = Review::load(reviewPathFor(sidecarPath)).reviewed();
  } catch (const std::exception& e) {
    addProblem(summary, e.what());
  }
  return summary;
}

}  // namespace

std::vector<RecordingSummary> scanRecordings(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::directory_iterator entries(folder, error);
  if (error) throw std::runtime_error("the recordings folder " + folder.string() + " cannot be read: " + error.message());
  std::vector<RecordingSummary> recordings;
  for (const auto& entry : entries)
    if (entry.is_regular_file() && isSidecar(entry.path())) recordings.push_back(summarise(entry.path()));
  std::sort(recordings.begin(), recordings.end(), [](const RecordingSummary& a, const RecordingSummary& b) {
    return a.startedUtc != b.startedUtc ? a.startedUtc > b.startedUtc : a.sidecar > b.sidecar;
  });
  return recordings;
}

}  // namespace endoverlay
