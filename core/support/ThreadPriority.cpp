#include "core/support/ThreadPriority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/support/Logging.h"

namespace endoverlay {
namespace {

// Linux weighs a thread at nice 10 about a tenth of one at 0 while both want
// the CPU, and lets it have any time the others leave.
constexpr int kAnalysisNice = 10;

}  // namespace

bool runBehindVideo() {
  // On Linux the nice value is per thread: PRIO_PROCESS with a thread id changes that thread only.
  const auto thread = static_cast<id_t>(syscall(SYS_gettid));
  if (setpriority(PRIO_PROCESS, thread, kAnalysisNice) == 0) return true;
  moduleLogger("core")->warn("the analysis runs at the video's priority: the system refused a lower one");
  return false;
}

}  // namespace endoverlay
