#include <QtTest>

#include <stdexcept>

#include "core/model/DeviceFallback.h"

using namespace endoverlay;

// What the engine does when the GPU fails mid-run: the frame is not lost, the
// engine stays on the CPU, and the user is told.
class DeviceFallbackTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void gpuFailureMovesToTheCpuForGood() {
    DeviceFallback fallback(true);
    bool onCpu = false;
    int moves = 0, gpuAttempts = 0;
    const auto work = [&] {
      if (!onCpu) {
        ++gpuAttempts;
        throw std::runtime_error("CUDA out of memory. Tried to allocate 2.00 GiB\nstack trace follows");
      }
      return 42;
    };
    const auto moveToCpu = [&] {
      onCpu = true;
      ++moves;
    };
    QCOMPARE(fallback.run(work, moveToCpu), 42);  // the failed frame is answered on the CPU
    QVERIFY(!fallback.onGpu());
    QCOMPARE(fallback.notice(),
             std::string("GPU failed (CUDA out of memory. Tried to allocate 2.00 GiB); running on the CPU"));
    QCOMPARE(fallback.run(work, moveToCpu), 42);
    QCOMPARE(moves, 1);
    QCOMPARE(gpuAttempts, 1);
  }

  void cpuFailureIsTheCallersToHandle() {
    DeviceFallback fallback(false);
    int moves = 0;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             fallback.run([]() -> int { throw std::runtime_error("bad frame"); }, [&] { ++moves; }));
    QCOMPARE(moves, 0);
    QVERIFY(fallback.notice().empty());
  }

  void aFailureOnBothIsReported() {
    DeviceFallback fallback(true);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             fallback.run([]() -> int { throw std::runtime_error("broken model"); }, [] {}));
    QVERIFY(!fallback.onGpu());
  }
};

QTEST_APPLESS_MAIN(DeviceFallbackTest)
#include "DeviceFallbackTest.moc"
