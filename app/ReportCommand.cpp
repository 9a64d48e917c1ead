#include "app/ReportCommand.h"

#include <cstdio>

#include "pipeline/RecordingReport.h"

namespace endoverlay {

int runReport(const CliOptions& options) {
  const std::size_t events = writeRecordingReport(options.video, options.htmlOut);
  std::printf("%zu events: %s\n", events, options.htmlOut.string().c_str());
  return 0;
}

}  // namespace endoverlay
