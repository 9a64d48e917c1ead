#include "core/support/ThreadPriority.h"

#include <algorithm>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/support/Logging.h"

namespace endoverlay {
namespace {

// Linux weighs a thread 10 nice steps below another about a tenth of it
// while both want the CPU, and lets it have any time the others leave.
constexpr int kStepsBehind = 10;
constexpr int kLowestPriority = 19;

}  // namespace

bool runBehindVideo() {
  // On Linux the nice value is per thread: PRIO_PROCESS with a thread id changes that thread only.
  const auto thread = static_cast<id_t>(syscall(SYS_gettid));
  // Relative to the video's own level, which the app inherits from whoever started it.
  const int video = getpriority(PRIO_PROCESS, thread);
  if (setpriority(PRIO_PROCESS, thread, std::min(kLowestPriority, video + kStepsBehind)) == 0) return true;
  moduleLogger("core")->warn("the analysis runs at the video's priority: the system refused a lower one");
  return false;
}

}  // namespace endoverlay
