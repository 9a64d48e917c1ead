#pragma once

#include <functional>
#include <string>

namespace endoverlay {

// Keeps inference going when the GPU fails at run time (out of memory, a
// driver reset, a lost device): the failed work is run again on the CPU,
// and every later call goes straight to the CPU. notice() says what
// happened, for the user to see.
class DeviceFallback {
 public:
  explicit DeviceFallback(bool startOnGpu) : onGpu_(startOnGpu) {}

  // Runs `work`; when it throws on the GPU, calls `moveToCpu` and runs `work`
  // again. A failure on the CPU is the caller's to handle.
  template <typename Work>
  auto run(Work&& work, const std::function<void()>& moveToCpu) -> decltype(work()) {
    if (!onGpu_) return work();
    try {
      return work();
    } catch (const std::exception& e) {
      fellBack(e.what());
      moveToCpu();
    }
    return work();
  }

  bool onGpu() const { return onGpu_; }
  const std::string& notice() const { return notice_; }

 private:
  void fellBack(const std::string& reason);

  bool onGpu_;
  std::string notice_;
};

}  // namespace endoverlay
