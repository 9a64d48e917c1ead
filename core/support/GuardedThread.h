#pragma once

#include <functional>
#include <string>

namespace endoverlay {

// Runs the body of one of the app's threads (a bus watcher, the inference
// worker, an exporter) or of a callback GStreamer calls on its own threads.
// An exception escaping either would end the whole app (std::terminate), so
// it is caught, logged with `what` (the thread's job), and passed to
// `report` for the user to see. Returns false when the body threw.
bool runGuarded(const std::string& what, const std::function<void()>& body,
                const std::function<void(const std::string&)>& report = {});

}  // namespace endoverlay
