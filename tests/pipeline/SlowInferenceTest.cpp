#include <QtTest>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "core/analysis/InferenceStage.h"
#include "core/model/ModelDirectory.h"
#include "pipeline/InferenceWorker.h"
#include "pipeline/LiveSession.h"
#include "support/TestFiles.h"

using namespace endoverlay;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kSlowInference = std::chrono::milliseconds(500);

// The real ERCP heads made slow on purpose: every frame takes at least half a second.
class SlowAnalyzer : public FrameAnalyzer {
 public:
  SlowAnalyzer() : stage_(test::bundledProtocols(), loadModelCards(test::bundledModels()), {}, "ercp") {}
  InferenceResult analyze(const Frame& frame) override {
    const auto until = Clock::now() + kSlowInference;
    InferenceResult result = stage_.analyze(frame);
    std::this_thread::sleep_until(until);
    return result;
  }
  std::vector<ModelIdentity> models() const override { return stage_.models(); }
  std::string device() const override { return stage_.device(); }

 private:
  InferenceStage stage_;
};

// Notes the nice value of the thread it analyses on, and of a thread that one starts, as LibTorch starts its
// OpenMP team.
class PriorityProbe : public FrameAnalyzer {
 public:
  InferenceResult analyze(const Frame& frame) override {
    own = niceOfThisThread();
    std::thread([this] { started = niceOfThisThread(); }).join();
    InferenceResult result;
    result.frameIndex = frame.index;
    return result;
  }
  std::vector<ModelIdentity> models() const override { return {}; }
  std::string device() const override { return "cpu"; }

  static int niceOfThisThread() { return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid))); }

  std::atomic<int> own{0};
  std::atomic<int> started{0};
};

struct ShownResult {
  std::int64_t frameIndex;
  std::int64_t displayedIndex;  // the frame on screen when the result arrived
  double ageMs;                 // from its frame's arrival to its own arrival
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

class SlowInferenceTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // On a busy machine the scheduler serves the decoder and the display first: the analysis, and the threads
  // it starts, run at a lower priority; the thread that hands it frames keeps its own.
  void theAnalysisRunsBehindTheVideo() {
    const int videoNice = PriorityProbe::niceOfThisThread();
    PriorityProbe probe;
    std::atomic<bool> analysed{false};
    InferenceWorker worker(probe, [&](InferenceResult) { analysed = true; }, {});
    Frame frame;
    frame.index = 0;
    frame.bgrx = cv::Mat(48, 64, CV_8UC4, cv::Scalar::all(0));
    worker.submit(frame);
    QTRY_VERIFY(analysed.load());
    QVERIFY2(probe.own > videoNice || videoNice == 19, qPrintable(QStringLiteral("analysis at nice %1, video at %2").arg(probe.own).arg(videoNice)));
    QCOMPARE(probe.started.load(), probe.own.load());
    QCOMPARE(PriorityProbe::niceOfThisThread(), videoNice);
  }

  void displayKeepsTheSourceRateWhileResultsLag() {
    SlowAnalyzer analyzer;
    std::mutex mutex;
    std::vector<std::int64_t> shown;
    std::vector<Clock::time_point> shownAt;
    std::vector<ShownResult> results;
    LiveSessionCallbacks callbacks;
    callbacks.onDisplayFrame = [&](const Frame& frame) {
      const std::lock_guard lock(mutex);
      shown.push_back(frame.index);
      shownAt.push_back(Clock::now());
    };
    // A result finished while the session stops has no newer picture to be compared with.
    std::atomic<bool> playing{true};
    callbacks.onResult = [&](InferenceResult result) {
      if (!playing) return;
      const std::lock_guard lock(mutex);
      const double age = std::chrono::duration<double, std::milli>(Clock::now() - result.frameArrival).count();
      results.push_back({result.frameIndex, shown.empty() ? -1 : shown.back(), age});
    };
    LiveSession session(SourceSpec::parse(test::ercpDemoClip().string()), &analyzer, callbacks);
    session.start();
    std::this_thread::sleep_for(std::chrono::seconds(5));
    playing = false;
    session.stop();

    const std::lock_guard lock(mutex);
    QVERIFY(shown.size() > 50);
    for (std::size_t i = 0; i < shown.size(); ++i) QCOMPARE(shown[i], static_cast<std::int64_t>(i));
    QCOMPARE(session.source().framesDropped(), std::int64_t{0});
    const double displayFps = (shown.size() - 1) / seconds(shownAt.back() - shownAt.front());
    QVERIFY2(displayFps > 20.0 && displayFps < 30.0, qPrintable(QStringLiteral("display %1 fps").arg(displayFps)));

    // The analysis runs behind the video, so a machine busy with other work slows it further: the bounds
    // on the results' rate and age allow for that, and still catch an overlay that stopped.
    const double resultsPerSecond = results.size() / seconds(shownAt.back() - shownAt.front());
    QVERIFY2(results.size() >= 2 && resultsPerSecond <= 2.5,
             qPrintable(QStringLiteral("%1 results a second").arg(resultsPerSecond)));
    for (const ShownResult& r : results) {
      QVERIFY2(r.ageMs >= 450.0 && r.ageMs < 3000.0, qPrintable(QStringLiteral("result age %1 ms").arg(r.ageMs)));
      QVERIFY2(r.displayedIndex >= r.frameIndex + 5,
               qPrintable(QStringLiteral("frame %1 shown when result for %2 came").arg(r.displayedIndex).arg(r.frameIndex)));
    }
    QVERIFY(session.worker()->framesSkipped() > 50);
  }
};

QTEST_APPLESS_MAIN(SlowInferenceTest)
#include "SlowInferenceTest.moc"
