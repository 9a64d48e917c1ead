#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/AnalysisSetup.h"
#include "core/analysis/InferenceResult.h"

namespace endoverlay {

enum class CliCommand { Analyze, Bench, Eval, Record, Export, Report, Version, SelfTest, Help };

// endoverlay-cli's arguments, parsed once (CLI11: each subcommand with its
// own options and --help). Throws std::invalid_argument with a message for
// the user, and the usage of the command, on anything it does not understand.
struct CliOptions {
  CliCommand command = CliCommand::Help;
  std::string helpText;  // Help: the usage of the command asked about
  std::string video;  // analyze, bench, record, export, report: the video; eval: the data set
  std::filesystem::path out;  // analyze: the results file; record: the recordings folder
  AnalysisSetup analysis;  // --protocols, --models, --model, --device, --threads, --settings
  std::string mode = "ercp";  // the protocol id, checked against the protocols there are
  bool modeGiven = false;
  std::optional<Box> cystRegion;
  std::optional<Box> referenceRegion;         // contrast protocols: the reference region of the curve
  std::optional<std::int64_t> injectionPtsNs;  // contrast protocols: when the contrast was injected
  std::filesystem::path latencyFile;   // per-stage latency summary, JSON; empty: none
  std::size_t benchFrames = 250;
  bool compareEager = false;
  std::size_t benchRounds = 3;  // bench: C++ passes, each followed by its eager pass, so drift hits both alike
  std::filesystem::path jsonReport;  // bench, eval
  std::filesystem::path csvReport;   // eval
  std::size_t resamples = 2000;      // eval: bootstrap resamples for the 95 % intervals
  int recordSeconds = 0;             // record: stop after this long; 0: at the end of the source or on a signal
  std::string procedureId;           // record: empty gives a random one
  std::int64_t exportFrame = 0;      // export --png, --dicom-frame: the frame to snapshot
  std::filesystem::path pngOut;      // export: the snapshot's file
  std::filesystem::path mp4Out;      // export: the annotated clip's file
  std::filesystem::path dicomFrameOut;  // export: the snapshot as DICOM
  std::filesystem::path dicomClipOut;   // export: the annotated clip as DICOM
  std::int64_t exportFrom = 0;       // export --mp4, --dicom-clip: the first frame
  std::int64_t exportTo = -1;        // export --mp4, --dicom-clip: the last frame; -1: to the end
  std::filesystem::path htmlOut;     // report: the page's file

  static CliOptions parse(const std::vector<std::string>& args);
  // Refuses an output that is one of the command's inputs (the video, its
  // results, review or ground truth, the settings), by path or by link:
  // throws std::invalid_argument naming both.
  void checkOutputsAreNotInputs() const;
};

}  // namespace endoverlay
