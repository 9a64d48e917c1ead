#include "app/CliOptions.h"

#include <sstream>
#include <stdexcept>

#include "core/ResourcePaths.h"

namespace endoverlay {
namespace {

int parseCount(const std::string& text, const std::string& option, int most = 100000, int least = 1) {
  try {
    std::size_t used = 0;
    const int count = std::stoi(text, &used);
    if (used == text.size() && count >= least && count <= most) return count;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(option + " wants a whole number from " + std::to_string(least) + " to " +
                              std::to_string(most) + ", not '" + text + "'");
}

// X,Y,W,H in frame pixels.
Box parseRegion(const std::string& text) {
  Box box;
  char c1 = 0, c2 = 0, c3 = 0;
  std::istringstream in(text);
  if (in >> box.x >> c1 >> box.y >> c2 >> box.width >> c3 >> box.height && c1 == ',' && c2 == ',' && c3 == ',' &&
      (in >> std::ws).eof() && box.width > 0 && box.height > 0)
    return box;
  throw std::invalid_argument("--region wants X,Y,W,H in frame pixels, not '" + text + "'");
}

}  // namespace

std::string cliUsage() {
  return "usage: endoverlay-cli analyze VIDEO --out RESULTS.jsonl [--mode ercp|eus] [--region X,Y,W,H] [--settings FILE]\n"
         "                      [--latency LATENCY.json]\n"
         "                      [--models DIR] [--threads N] [--device auto|cpu|cuda]\n"
         "       endoverlay-cli bench VIDEO [--mode ercp|eus] [--frames N] [--rounds N] [--compare-eager]\n"
         "                      [--json REPORT.json] [--models DIR] [--threads N] [--device auto|cpu|cuda]\n"
         "       endoverlay-cli eval DATASET [--json REPORT.json] [--csv REPORT.csv] [--mode ercp|eus]\n"
         "                      [--resamples N] [--models DIR] [--threads N] [--device auto|cpu|cuda]\n"
         "       endoverlay-cli record VIDEO --out FOLDER [--seconds N] [--procedure-id ID] [--mode ercp|eus]\n"
         "                      [--settings FILE] [--models DIR] [--threads N] [--device auto|cpu|cuda]\n"
         "       endoverlay-cli export RECORDING.mkv --frame N --png SNAPSHOT.png\n"
         "       endoverlay-cli export RECORDING.mkv --mp4 ANNOTATED.mp4 [--from N] [--to N]\n"
         "       endoverlay-cli report RECORDING.mkv --html REPORT.html\n"
         "       endoverlay-cli --self-test [--models DIR] [--device auto|cpu|cuda]\n"
         "       endoverlay-cli --version\n"
         "VIDEO is a file path, a URI, v4l2:///dev/videoN or test:. Models come from their cards\n"
         "in DIR (default: the bundled synthetic demo models, not for clinical use).\n"
         "DATASET is a folder with dataset.json (an image set) or a video with VIDEO-STEM.truth.jsonl beside it.\n";
}

CliOptions CliOptions::parse(const std::vector<std::string>& args) {
  CliOptions options;
  options.modelsDirectory = bundledModelsDirectory();
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw std::invalid_argument(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--version") options.command = CliCommand::Version;
    else if (arg == "--self-test") options.command = CliCommand::SelfTest;
    else if (arg == "--help" || arg == "-h") options.command = CliCommand::Help;
    else if (arg == "--out") options.out = value();
    else if (arg == "--models") options.modelsDirectory = value();
    else if (arg == "--threads") options.engine.cpuThreads = parseCount(value(), "--threads", 256);
    else if (arg == "--device") options.engine.device = parseDeviceChoice(value());
    else if (arg == "--mode") {
      options.mode = parseMode(value());
      options.modeGiven = true;
    }
    else if (arg == "--region") options.cystRegion = parseRegion(value());
    else if (arg == "--settings") options.settingsFile = value();
    else if (arg == "--latency") options.latencyFile = value();
    else if (arg == "--frames") options.benchFrames = static_cast<std::size_t>(parseCount(value(), "--frames"));
    else if (arg == "--compare-eager") options.compareEager = true;
    else if (arg == "--rounds") options.benchRounds = static_cast<std::size_t>(parseCount(value(), "--rounds"));
    else if (arg == "--json") options.jsonReport = value();
    else if (arg == "--csv") options.csvReport = value();
    else if (arg == "--seconds") options.recordSeconds = parseCount(value(), "--seconds", 24 * 3600);
    else if (arg == "--procedure-id") options.procedureId = value();
    else if (arg == "--frame") options.exportFrame = parseCount(value(), "--frame", 100'000'000, 0);
    else if (arg == "--png") options.pngOut = value();
    else if (arg == "--mp4") options.mp4Out = value();
    else if (arg == "--html") options.htmlOut = value();
    else if (arg == "--from") options.exportFrom = parseCount(value(), "--from", 100'000'000, 0);
    else if (arg == "--to") options.exportTo = parseCount(value(), "--to", 100'000'000, 0);
    else if (arg == "--resamples") options.resamples = static_cast<std::size_t>(parseCount(value(), "--resamples"));
    else if (arg.rfind("--", 0) == 0) throw std::invalid_argument("unknown option " + arg);
    else positional.push_back(arg);
  }
  if (!positional.empty()) {
    const std::string& command = positional.front();
    if (command == "analyze") options.command = CliCommand::Analyze;
    else if (command == "bench") options.command = CliCommand::Bench;
    else if (command == "eval") options.command = CliCommand::Eval;
    else if (command == "record") options.command = CliCommand::Record;
    else if (command == "export") options.command = CliCommand::Export;
    else if (command == "report") options.command = CliCommand::Report;
    else throw std::invalid_argument("unknown command '" + command + "'");
    if (positional.size() != 2)
      throw std::invalid_argument(command + " wants exactly one " + (command == "eval" ? "DATASET" : "VIDEO"));
    if (options.command == CliCommand::Analyze && options.out.empty())
      throw std::invalid_argument("analyze wants --out RESULTS.jsonl");
    if (options.command == CliCommand::Export && options.pngOut.empty() == options.mp4Out.empty())
      throw std::invalid_argument("export wants either --png SNAPSHOT.png or --mp4 ANNOTATED.mp4");
    if (options.command == CliCommand::Report && options.htmlOut.empty())
      throw std::invalid_argument("report wants --html REPORT.html");
    if (options.command == CliCommand::Record && options.out.empty())
      throw std::invalid_argument("record wants --out FOLDER");
    options.video = positional[1];
  }
  return options;
}

}  // namespace endoverlay
