#include "app/CliOptions.h"

#include <sstream>
#include <stdexcept>

#include "core/ResourcePaths.h"

namespace endoverlay {
namespace {

int parseThreads(const std::string& text) {
  try {
    std::size_t used = 0;
    const int threads = std::stoi(text, &used);
    if (used == text.size() && threads > 0 && threads <= 256) return threads;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("--threads wants a whole number from 1 to 256, not '" + text + "'");
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
         "       endoverlay-cli --self-test [--models DIR] [--device auto|cpu|cuda]\n"
         "       endoverlay-cli --version\n"
         "VIDEO is a file path, a URI, v4l2:///dev/videoN or test:. Models come from their cards\n"
         "in DIR (default: the bundled synthetic demo models, not for clinical use).\n";
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
    else if (arg == "--threads") options.engine.cpuThreads = parseThreads(value());
    else if (arg == "--device") options.engine.device = parseDeviceChoice(value());
    else if (arg == "--mode") options.mode = parseMode(value());
    else if (arg == "--region") options.cystRegion = parseRegion(value());
    else if (arg == "--settings") options.settingsFile = value();
    else if (arg == "--latency") options.latencyFile = value();
    else if (arg.rfind("--", 0) == 0) throw std::invalid_argument("unknown option " + arg);
    else positional.push_back(arg);
  }
  if (!positional.empty()) {
    if (positional.front() != "analyze") throw std::invalid_argument("unknown command '" + positional.front() + "'");
    if (positional.size() != 2) throw std::invalid_argument("analyze wants exactly one VIDEO");
    if (options.out.empty()) throw std::invalid_argument("analyze wants --out RESULTS.jsonl");
    options.command = CliCommand::Analyze;
    options.video = positional[1];
  }
  return options;
}

}  // namespace endoverlay
