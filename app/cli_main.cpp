#include <iostream>

#include "app/AnalyzeCommand.h"
#include "app/BenchCommand.h"
#include "app/CliOptions.h"
#include "app/EvalCommand.h"
#include "app/ExportCommand.h"
#include "app/RecordCommand.h"
#include "app/ReportCommand.h"
#include "core/model/SelfTest.h"
#include "core/Version.h"
#include "pipeline/SourceError.h"

using namespace endoverlay;

namespace {

int selfTest(const CliOptions& options) {
  for (const SelfTestLine& line : runSelfTest(options.analysis))
    std::cout << "ok  " << line.model << ' ' << line.version << " on " << line.device << " (" << line.milliseconds
              << " ms)\n";
  std::cout << "self-test passed: models in " << options.analysis.models().string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CliOptions options;
  try {
    options = CliOptions::parse(std::vector<std::string>(argv + 1, argv + argc));
    options.checkOutputsAreNotInputs();
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    std::cerr << "endoverlay-cli: " << message << (message.empty() || message.back() != '\n' ? "\n" : "");
    return 2;
  }
  try {
    switch (options.command) {
      case CliCommand::Version: std::cout << "endoverlay-cli " << kAppVersion << "\n"; return 0;
      case CliCommand::Help: std::cout << options.helpText; return 0;
      case CliCommand::SelfTest: return selfTest(options);
      case CliCommand::Analyze: return runAnalyze(options);
      case CliCommand::Bench: return runBench(options);
      case CliCommand::Eval: return runEval(options);
      case CliCommand::Record: return runRecord(options);
      case CliCommand::Export: return runExport(options);
      case CliCommand::Report: return runReport(options);
    }
  } catch (const std::exception& e) {
    std::cerr << "endoverlay-cli: " << e.what() << "\n";
  }
  return 1;
}
