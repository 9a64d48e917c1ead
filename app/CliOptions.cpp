#include "app/CliOptions.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "core/analysis/FrameRegion.h"
#include "core/protocol/Protocol.h"
#include "core/protocol/ProtocolDirectory.h"
#include "core/recording/RecordingHeader.h"
#include "core/Version.h"
#include "pipeline/SourceSpec.h"

namespace endoverlay {
namespace {

constexpr const char* kFooter =
    "VIDEO is a file path, a URI, v4l2:///dev/videoN or test:. Models come from their cards in DIR\n"
    "(default: the bundled synthetic demo models, not for clinical use).";

// Seconds into a source, 0 to a day; NaN, which passes CLI11's range check, is refused too.
double parseSeconds(const std::string& text) {
  std::size_t used = 0;
  double seconds = -1;
  try {
    seconds = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == text.size() && std::isfinite(seconds) && seconds >= 0 && seconds <= 24.0 * 3600) return seconds;
  throw std::invalid_argument("wants seconds from 0 to 86400, not '" + text + "'");
}

// A CLI11 check from one of our parsers: its message is the one the user reads.
CLI::Validator checkedBy(const std::function<void(const std::string&)>& parse, const std::string& name) {
  return CLI::Validator(
      [parse](std::string& text) -> std::string {
        try {
          parse(text);
        } catch (const std::exception& e) {
          return e.what();
        }
        return {};
      },
      "", name);
}

void addEngineOptions(CLI::App& command, CliOptions& options) {
  command.add_option("--models", options.analysis.modelsDirectory, "Folder of model cards (default: the bundled demo models)")
      ->type_name("DIR");
  command.add_option("--model", options.analysis.chosenModels,
                     "Use the card with this name where two cards in DIR serve one task (repeatable)")
      ->type_name("NAME");
  command.add_option("--threads", options.analysis.engine.cpuThreads, "CPU inference threads (default: cores - 1)")
      ->check(CLI::Range(1, 256))
      ->type_name("N");
  command.add_option_function<std::string>("--device", [&](const std::string& text) { options.analysis.engine.device = parseDeviceChoice(text); },
                                           "auto, cpu or cuda")
      ->check(checkedBy([](const std::string& text) { parseDeviceChoice(text); }, "DEVICE"))
      ->type_name("DEVICE");
}

void addModeOption(CLI::App& command, CliOptions& options) {
  command.add_option_function<std::string>("--mode", [&](const std::string& text) {
           options.mode = parseProtocolId(text);
           options.modeGiven = true;
         }, "A protocol: ercp, eus, or one in --protocols DIR")
      ->check(checkedBy([](const std::string& text) { parseProtocolId(text); }, "MODE"))
      ->type_name("MODE");
  command.add_option("--protocols", options.analysis.protocolsDirectory,
                     "A site's folder of protocols, beside the bundled ones")
      ->type_name("DIR");
}

void addRegionOptions(CLI::App& command, CliOptions& options) {
  command.add_option_function<std::string>("--region", [&](const std::string& text) { options.cystRegion = parseRegion(text); },
                                           "The region a user_region head reads (EUS: the cyst), in frame pixels")
      ->check(checkedBy([](const std::string& text) { parseRegion(text); }, "X,Y,W,H"))
      ->type_name("X,Y,W,H");
  command.add_option_function<std::string>("--reference-region", [&](const std::string& text) { options.referenceRegion = parseRegion(text); },
                                           "Contrast modes (CEUS): a reference region on parenchyma for the time-intensity curve")
      ->check(checkedBy([](const std::string& text) { parseRegion(text); }, "X,Y,W,H"))
      ->type_name("X,Y,W,H");
  command.add_option_function<double>("--injection-at", [&](double seconds) { options.injectionPtsNs = std::llround(seconds * 1e9); },
                                      "Contrast modes (CEUS): when the contrast was injected, in the source's own time "
                                      "(seconds into a file), for the phases")
      ->check(checkedBy([](const std::string& text) { parseSeconds(text); }, "SECONDS"))
      ->type_name("SECONDS");
}

CLI::App* addCommand(CLI::App& app, CliOptions& options, CliCommand command, const char* name, const char* about,
                     const char* input, const char* inputHelp) {
  CLI::App* sub = app.add_subcommand(name, about);
  sub->add_option("input", options.video, inputHelp)->required()->type_name(input);
  sub->parse_complete_callback([&options, command] { options.command = command; });
  sub->footer(kFooter);
  sub->fallthrough();  // options of the whole program, such as --show-source-names, also after the command
  return sub;
}

void buildCommands(CLI::App& app, CliOptions& options) {
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("endoverlay-cli ") + kAppVersion);
  app.add_flag_callback("--show-source-names", [] { SourceSpec::showNames(true); },
                        "Name sources (paths, URIs without passwords) in logs and messages, for engineering; off by default");
  app.add_flag_callback("--self-test", [&options] { options.command = CliCommand::SelfTest; },
                        "Load every model in DIR and run one frame through each");
  addEngineOptions(app, options);
  app.require_subcommand(0, 1);

  CLI::App* analyze = addCommand(app, options, CliCommand::Analyze, "analyze",
                                 "Every frame of a video, or every slice of a CT or MR study (modes that read studies), "
                                 "through the models, one JSON line per frame or slice",
                                 "VIDEO|STUDY", "The video, or a DICOM study's folder");
  analyze->add_option("--out", options.out, "The results file (JSON lines)")->required()->type_name("RESULTS.jsonl");
  addModeOption(*analyze, options);
  addRegionOptions(*analyze, options);
  analyze->add_option("--settings", options.analysis.settingsFile, "Warning thresholds and times (JSON)")->type_name("FILE");
  analyze->add_option("--latency", options.latencyFile, "Per-stage latency summary (JSON)")->type_name("LATENCY.json");
  addEngineOptions(*analyze, options);

  CLI::App* bench = addCommand(app, options, CliCommand::Bench, "bench",
                               "Time the inference stage on a video's frames, optionally against PyTorch eager", "VIDEO", "The video");
  addModeOption(*bench, options);
  bench->add_option("--frames", options.benchFrames, "Frames timed per round")->check(CLI::Range(1, 100000))->type_name("N");
  bench->add_option("--rounds", options.benchRounds, "Rounds")->check(CLI::Range(1, 1000))->type_name("N");
  bench->add_flag("--compare-eager", options.compareEager, "Run the same models in PyTorch eager (Python) between rounds");
  bench->add_option("--json", options.jsonReport, "Report (JSON)")->type_name("REPORT.json");
  addEngineOptions(*bench, options);

  CLI::App* eval = addCommand(app, options, CliCommand::Eval, "eval", "Score the models on a labelled data set",
                              "DATASET", "A folder with dataset.json, or a video with VIDEO-STEM.truth.jsonl beside it");
  eval->add_option("--json", options.jsonReport, "Report (JSON)")->type_name("REPORT.json");
  eval->add_option("--csv", options.csvReport, "Report (CSV)")->type_name("REPORT.csv");
  addModeOption(*eval, options);
  eval->add_option("--resamples", options.resamples, "Bootstrap resamples for the 95 % intervals")
      ->check(CLI::Range(1, 100000))
      ->type_name("N");
  addEngineOptions(*eval, options);

  CLI::App* record = addCommand(app, options, CliCommand::Record, "record",
                                "Record a source with its results until it ends, a signal or --seconds", "VIDEO", "The source");
  record->add_option("--out", options.out, "The recordings folder")->required()->type_name("FOLDER");
  record->add_option("--seconds", options.recordSeconds, "Stop after this long")->check(CLI::Range(1, 24 * 3600))->type_name("N");
  record->add_option("--procedure-id", options.procedureId, "An opaque ID (default: a random one)")
      ->check(checkedBy(checkProcedureId, "ID"))
      ->type_name("ID");
  addModeOption(*record, options);
  addRegionOptions(*record, options);
  record->add_option("--settings", options.analysis.settingsFile, "Warning thresholds and times (JSON)")->type_name("FILE");
  addEngineOptions(*record, options);

  CLI::App* exporter = addCommand(app, options, CliCommand::Export, "export",
                                  "A frame as PNG or a range as MP4 (or either as DICOM), with the overlay shown live burned in",
                                  "RECORDING.mkv", "The recording");
  CLI::Option* png = exporter->add_option("--png", options.pngOut, "Snapshot of --frame")->type_name("SNAPSHOT.png");
  CLI::Option* mp4 = exporter->add_option("--mp4", options.mp4Out, "Annotated clip")->type_name("ANNOTATED.mp4");
  CLI::Option* dicomFrame =
      exporter->add_option("--dicom-frame", options.dicomFrameOut, "Snapshot of --frame as DICOM secondary capture")
          ->type_name("SNAPSHOT.dcm");
  CLI::Option* dicomClip =
      exporter->add_option("--dicom-clip", options.dicomClipOut, "Annotated clip as multi-frame DICOM secondary capture")
          ->type_name("CLIP.dcm");
  png->excludes(mp4)->excludes(dicomFrame)->excludes(dicomClip);
  mp4->excludes(dicomFrame)->excludes(dicomClip);
  dicomFrame->excludes(dicomClip);
  exporter->add_option("--frame", options.exportFrame, "The frame of --png or --dicom-frame")
      ->check(CLI::Range(0, 100'000'000))->type_name("N");
  exporter->add_option("--from", options.exportFrom, "First frame of --mp4 or --dicom-clip")
      ->check(CLI::Range(0, 100'000'000))->type_name("N");
  exporter->add_option("--to", options.exportTo, "Last frame of --mp4 or --dicom-clip")
      ->check(CLI::Range(0, 100'000'000))->type_name("N");

  CLI::App* report = addCommand(app, options, CliCommand::Report, "report",
                                "One HTML page per recording for QA: events with pictures, review, latency, models",
                                "RECORDING.mkv", "The recording");
  report->add_option("--html", options.htmlOut, "The page")->required()->type_name("REPORT.html");
}

bool sameFile(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code error;
  if (std::filesystem::exists(a, error) && std::filesystem::exists(b, error))
    return std::filesystem::equivalent(a, b, error);
  return std::filesystem::weakly_canonical(a, error) == std::filesystem::weakly_canonical(b, error);
}

}  // namespace

void CliOptions::checkOutputsAreNotInputs() const {
  std::vector<std::filesystem::path> inputs = {video};
  if (!analysis.settingsFile.empty()) inputs.push_back(analysis.settingsFile);
  const std::filesystem::path stemmed = std::filesystem::path(video).parent_path() / std::filesystem::path(video).stem();
  for (const char* suffix : {".results.jsonl", ".review.json", ".truth.jsonl"}) inputs.push_back(stemmed.string() + suffix);
  if (command == CliCommand::Eval) inputs.push_back(std::filesystem::path(video) / "dataset.json");
  const std::filesystem::path outputs[] = {command == CliCommand::Record ? std::filesystem::path() : out,
                                           latencyFile, jsonReport, csvReport, pngOut, mp4Out, dicomFrameOut,
                                           dicomClipOut, htmlOut};
  for (const auto& output : outputs) {
    if (output.empty()) continue;
    for (const auto& input : inputs)
      if (sameFile(output, input))
        throw std::invalid_argument(output.string() + " is one of the inputs (" + input.filename().string() +
                                    "): it is not overwritten; choose another output");
  }
}

CliOptions CliOptions::parse(const std::vector<std::string>& args) {
  CliOptions options;
  CLI::App app("Endoverlay without a window: analysis, evaluation, benchmarks, recording, exports.", "endoverlay-cli");
  buildCommands(app, options);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    options.command = CliCommand::Help;
    options.helpText = chosen.empty() ? app.help() : chosen.back()->help();
    return options;
  } catch (const CLI::CallForVersion&) {
    options.command = CliCommand::Version;
    return options;
  } catch (const CLI::ParseError& e) {
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    throw std::invalid_argument(std::string(e.what()) + "\n" + (chosen.empty() ? app.help() : chosen.back()->help()));
  }
  if (options.command == CliCommand::Export) {
    CLI::App* exporter = app.get_subcommand("export");
    const bool snapshot = !options.pngOut.empty() || !options.dicomFrameOut.empty();
    const bool clip = !options.mp4Out.empty() || !options.dicomClipOut.empty();
    if (!snapshot && !clip)
      throw std::invalid_argument("export wants either --png SNAPSHOT.png or --mp4 ANNOTATED.mp4, or as DICOM "
                                  "--dicom-frame SNAPSHOT.dcm or --dicom-clip CLIP.dcm\n" + exporter->help());
    if (!snapshot && exporter->get_option("--frame")->count() > 0)
      throw std::invalid_argument("--frame requires --png or --dicom-frame\n" + exporter->help());
    for (const char* range : {"--from", "--to"})
      if (!clip && exporter->get_option(range)->count() > 0)
        throw std::invalid_argument(std::string(range) + " requires --mp4 or --dicom-clip\n" + exporter->help());
  }
  if (options.command == CliCommand::Help) options.helpText = app.help();
  if (options.modeGiven || !options.analysis.protocolsDirectory.empty()) {
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    const std::string usage = chosen.empty() ? app.help() : chosen.back()->help();
    try {
      const Protocol protocol = protocolNamed(options.mode, options.analysis.protocolsDirectory);
      options.mode = protocol.id;
      // Studies are analysed and evaluated; recording, timing and exporting are for video.
      if (protocol.study && options.command != CliCommand::Analyze && options.command != CliCommand::Eval)
        throw std::invalid_argument("mode " + protocol.id + " reads CT or MR studies, which analyze and eval take; "
                                    "this command takes video");
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("--mode: ") + e.what() + "\n" + usage);
    }
  }
  return options;
}

}  // namespace endoverlay
