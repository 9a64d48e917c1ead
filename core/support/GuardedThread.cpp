#include "core/support/GuardedThread.h"

#include <exception>

#include "core/support/Logging.h"

namespace endoverlay {

bool runGuarded(const std::string& what, const std::function<void()>& body,
                const std::function<void(const std::string&)>& report) {
  std::string problem;
  try {
    body();
    return true;
  } catch (const std::exception& e) {
    problem = e.what();
  } catch (...) {
    problem = "an unknown error";
  }
  moduleLogger("core")->error("{} stopped: {}", what, problem);
  // The report must not throw in turn: nothing is left to catch it.
  try {
    if (report) report(problem);
  } catch (...) {
    moduleLogger("core")->error("{}: the failure could not be reported", what);
  }
  return false;
}

}  // namespace endoverlay
