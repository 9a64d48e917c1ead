#include "app/AnalyzeCommand.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "app/RegionOptions.h"
#include "core/support/AtomicFile.h"
#include "core/analysis/InferenceStage.h"
#include "core/support/Logging.h"
#include "core/recording/ResultJson.h"
#include "core/support/StageLatencies.h"
#include "core/dicom/DicomCine.h"
#include "core/dicom/DicomStudy.h"
#include "core/dicom/StudyFrames.h"
#include "pipeline/OfflinePlayback.h"

namespace endoverlay {
namespace {

void printLatencies(const StageLatencies& latencies, std::ostream& out) {
  out << "latency ms      mean     p50     p99   p99.9     max\n";
  for (const auto stage : {StageLatencies::Preprocess, StageLatencies::Inference, StageLatencies::Postprocess,
                           StageLatencies::Ready}) {
    const LatencySummary s = latencies.summary(stage);
    char line[128];
    std::snprintf(line, sizeof line, "%-12s %7.1f %7.1f %7.1f %7.1f %7.1f\n", StageLatencies::name(stage).c_str(), s.mean,
                  s.p50, s.p99, s.p999, s.max);
    out << line;
  }
}

// Every slice of the study at `path`, in order of position along the protocol's first series, with the nearest
// slice of each of its other series. What the reader left out or doubts is said on stderr, without file names.
void forEachStudySlice(const std::filesystem::path& path, const StudyLayout& layout, const std::function<void(Frame)>& visit) {
  const DicomStudy study(path);
  // Said before the series are matched, so that a series left out explains a match that fails.
  for (const std::string& notice : study.notices()) std::cerr << "study: " << notice << "\n";
  const StudyFrames frames(study.series(), layout);
  for (const std::string& notice : frames.notices()) std::cerr << "study: " << notice << "\n";
  for (std::size_t i = 0; i < layout.series.size(); ++i)
    for (const std::string& warning : frames.series()[i]->warnings())
      std::cerr << "study: the " << layout.series[i].id << " series: " << warning << "\n";
  const DicomSeries& first = *frames.series().front();
  const WindowLevel window = frames.initialWindow();
  for (int i = 0; i < first.sliceCount(); ++i) {
    Frame frame = frames.frameAt(0, i, window);
    frame.arrival = std::chrono::steady_clock::now();
    visit(std::move(frame));
  }
}

}  // namespace

int runAnalyze(const CliOptions& options) {
  const auto log = moduleLogger("app");
  const std::unique_ptr<InferenceStage> stage = options.analysis.makeStage(options.mode);
  applyRegionOptions(options, *stage);

  std::ofstream out(options.out, std::ios::trunc);
  if (!out) {
    std::cerr << "endoverlay-cli: cannot write " << options.out.string() << "\n";
    return 1;
  }
  StageLatencies latencies;
  std::int64_t written = 0;
  const auto analyse = [&](const Frame& frame) {
    InferenceResult result = stage->analyze(frame);
    result.timings.readyMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame.arrival).count();
    latencies.add(result.timings);
    out << resultToJson(result).dump() << '\n';
    if (!out) throw std::runtime_error("writing " + options.out.string() + " failed (disk full?)");
    if (++written % 100 == 0) log->info("{} frames analysed", written);
  };
  std::string what;
  if (const auto& study = stage->protocol().study) {
    if (stage->protocol().takesRegion() && !options.cystRegion)
      throw std::invalid_argument("mode " + stage->protocol().id + " reads the region around the finding, as its "
                                  "models were trained: give --region X,Y,W,H in slice pixels");
    try {
      forEachStudySlice(options.video, *study, analyse);
    } catch (const DicomError& e) {
      throw std::runtime_error("mode " + stage->protocol().id + " reads " +
                               (study->modality == StudyModality::Ct ? "a CT" : "an MR") +
                               " study, a folder of DICOM slices; this one " + e.what());
    }
    what = "slices of the study";
  } else {
    // Throws PlaybackError, which main reports.
    const SourceSpec source = SourceSpec::parse(options.video);
    playEveryFrame(source, Picture::ForHeads, [&](Frame frame) {
      analyse(frame);
      return Playback::Continue;
    });
    what = "frames of the " + source.describe();
  }
  out.flush();
  if (!out) {
    std::cerr << "endoverlay-cli: writing " << options.out.string() << " failed (disk full?)\n";
    return 1;
  }
  std::cerr << "analysed " << written << " " << what << " into " << options.out.string() << "\n";
  printLatencies(latencies, std::cerr);
  if (!options.latencyFile.empty()) writeFileAtomically(options.latencyFile, latencies.toJson().dump(2) + "\n");
  return 0;
}

}  // namespace endoverlay
