#include "pipeline/OfflinePlayback.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

#include "pipeline/BgrxConverter.h"
#include "pipeline/VideoSource.h"

namespace endoverlay {
namespace {

// Where the run stands; written on GStreamer's threads, read by the caller.
struct PlaybackRun {
  // Held while a frame is handed over, so that no frame is handled after
  // playEveryFrame returns and everything the handler wrote is seen by the
  // caller. GStreamer's own joins go through futexes ThreadSanitizer cannot
  // see; this lock states the order in a way it can check.
  std::mutex delivering;
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<bool> done{false};
  std::string failure;

  void finish(const std::string& problem = {}) {
    {
      const std::lock_guard lock(mutex);
      if (done) return;
      failure = problem;
      done = true;
    }
    finished.notify_all();
  }
};

}  // namespace

void playEveryFrame(const SourceSpec& spec, Picture picture, const std::function<Playback(Frame)>& onFrame) {
  PlaybackRun run;
  BgrxConverter converter;  // streaming thread
  VideoSourceCallbacks callbacks;
  callbacks.onFrame = [&](Frame frame) {
    const std::lock_guard delivering(run.delivering);
    if (run.done) return;
    try {
      Frame converted = picture == Picture::ForHeads ? converter.forHeads(frame) : converter.whole(frame);
      if (onFrame(std::move(converted)) == Playback::Stop) run.finish();
    } catch (const std::exception& e) {
      run.finish(e.what());
    }
  };
  callbacks.onError = [&](const SourceError& error) { run.finish(error.what()); };
  callbacks.onEnd = [&] { run.finish(); };

  VideoSource source(spec, Pacing::EveryFrame, std::move(callbacks));
  source.start();
  {
    std::unique_lock lock(run.mutex);
    run.finished.wait(lock, [&] { return run.done.load(); });
  }
  source.stop();
  const std::lock_guard delivered(run.delivering);
  if (!run.failure.empty()) throw PlaybackError(run.failure);
}

}  // namespace endoverlay
