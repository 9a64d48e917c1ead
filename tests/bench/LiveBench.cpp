// Plays a clip through the window's live path (source → display, newest
// frame → the mode's heads → overlay; with --record, recorded as well) and
// prints what a user feels: displayed rate against the source, dropped
// frames, overlay updates, delays, the time to the first box, CPU and memory.
// Offscreen the display is a bare QVideoSink; with --window it is the real
// window (run it under Xvfb), whose rendered frames are counted.
// With --cpu the same clip is first decoded by GStreamer alone and played
// with the AI off, in the same run, so the CPU use compares side by side.
// A benchmark, not a test: it prints numbers and asserts nothing.
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QTimer>
#include <QVideoSink>
#include <QtQml/qqmlextensionplugin.h>

#include <gst/gst.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench/DisplayedFrames.h"
#include "bench/ProcessUsage.h"
#include "pipeline/GstreamerInit.h"
#include "ui/VideoController.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

using namespace endoverlay;
using endoverlay::bench::cpuSeconds;
using endoverlay::bench::peakMemoryMiB;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  QString clip;
  QString mode = QStringLiteral("ercp");
  int threads = 0;
  QString recordings;
  bool window = false;
  bool compareCpu = false;
  double seconds = 0;  // 0: the whole clip
};

struct CpuUse {
  double cpu = 0;   // seconds of CPU
  double wall = 0;  // seconds
  double cores() const { return wall > 0 ? cpu / wall : 0; }
};

// GStreamer alone: the live source's own elements, decoding to I420 paced at the clip's rate, into nothing.
CpuUse gstreamerAlone(const Options& options) {
  initialiseGstreamer();
  gchar* uri = gst_filename_to_uri(options.clip.toLocal8Bit().constData(), nullptr);
  const std::string description = std::string("uridecodebin uri=") + uri +
                                  " ! deinterlace ! videoconvert ! video/x-raw,format=I420 ! fakesink sync=true";
  g_free(uri);
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (error) {
    std::fprintf(stderr, "GStreamer alone: %s\n", error->message);
    g_error_free(error);
    return {};
  }
  const double cpu0 = cpuSeconds();
  const auto wall0 = Clock::now();
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  const GstClockTime limit = options.seconds > 0 ? static_cast<GstClockTime>(options.seconds * GST_SECOND) : GST_CLOCK_TIME_NONE;
  GstMessage* message =
      gst_bus_timed_pop_filtered(bus, limit, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  CpuUse use{cpuSeconds() - cpu0, std::chrono::duration<double>(Clock::now() - wall0).count()};
  if (message) gst_message_unref(message);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return use;
}

// When the clip's ground truth (NAME.truth.jsonl beside it) first shows the target, in seconds of the clip:
// by time, not frame number, so a deinterlaced clip's doubled frames still match.
std::optional<double> firstTargetSeconds(const QString& clip) {
  QString truthPath = clip;
  truthPath.replace(QRegularExpression(QStringLiteral("\\.[^./]+$")), QStringLiteral(".truth.jsonl"));
  QFile truth(truthPath);
  if (!truth.open(QIODevice::ReadOnly)) return std::nullopt;
  while (!truth.atEnd()) {
    const auto line = nlohmann::json::parse(truth.readLine().toStdString(), nullptr, false);
    if (line.is_object() && line.contains("box") && !line["box"].is_null()) return line["pts_ns"].get<double>() / 1e9;
  }
  return std::nullopt;
}

struct Run {
  CpuUse cpu;
  qint64 displayed = 0;
  double displaySeconds = 0;  // from the first frame displayed to the last
  qint64 delivered = 0;
  qint64 results = 0;
  double firstBoxMs = -1;
  nlohmann::json stages;
  QString heads;
  double sourceFps = 0;
  QString error;
};

// One play of the clip through the window's path; with aiOff no frame goes to the models.
Run play(const Options& options, bool aiOff) {
  QVideoSink bareSink;
  std::unique_ptr<VideoController> bareController;
  std::unique_ptr<QQmlApplicationEngine> engine;
  VideoController* controller = nullptr;
  QQuickWindow* window = nullptr;
  if (options.window) {
    engine = std::make_unique<QQmlApplicationEngine>();
    engine->setInitialProperties({{"source", options.clip}, {"mode", options.mode}, {"protocolsDirectory", ""},
                                  {"modelsDirectory", ""}, {"settingsFile", ""}, {"device", "auto"},
                                  {"cpuThreads", options.threads}, {"explain", false},
                                  {"recordingsFolder", options.recordings}, {"recordAtStart", !options.recordings.isEmpty()},
                                  {"aiOffAtStart", aiOff}});
    engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Endoverlay/Main.qml")));
    if (engine->rootObjects().isEmpty()) {
      Run failed;
      failed.error = QStringLiteral("the window did not load");
      return failed;
    }
    window = qobject_cast<QQuickWindow*>(engine->rootObjects().first());
    controller = window->findChild<VideoController*>(QStringLiteral("controller"));
  } else {
    bareController = std::make_unique<VideoController>();
    controller = bareController.get();
    controller->setProperty("source", options.clip);
    controller->setProperty("cpuThreads", options.threads);
    controller->setProperty("mode", options.mode);
    controller->setProperty("recordingsFolder", options.recordings);
    controller->setAiOff(aiOff);
    controller->setVideoSink(&bareSink);
  }

  Run run;
  bench::DisplayedFrames displayed;
  // Offscreen a frame is displayed once the sink has it, which frameShown follows.
  QObject::connect(controller, &VideoController::frameShown, [&] {
    displayed.handed(controller->frameIndex());
    if (!window) displayed.shown();
  });
  if (window)
    QObject::connect(window, &QQuickWindow::frameSwapped, window, [&displayed] { displayed.shown(); }, Qt::DirectConnection);

  const std::optional<double> targetSeconds = firstTargetSeconds(options.clip);
  const auto isTargetTime = [&](qint64 frame) {
    return targetSeconds && controller->sourceFps() > 0 && frame >= *targetSeconds * controller->sourceFps() - 0.5;
  };
  std::optional<Clock::time_point> targetShown;
  QObject::connect(controller, &VideoController::frameShown, [&] {
    if (!targetShown && isTargetTime(controller->frameIndex())) targetShown = Clock::now();
  });
  QObject::connect(controller, &VideoController::resultChanged, [&] {
    ++run.results;
    if (targetShown && run.firstBoxMs < 0 && isTargetTime(controller->resultFrameIndex()) &&
        !controller->readout()->detections().empty())
      run.firstBoxMs = std::chrono::duration<double, std::milli>(Clock::now() - *targetShown).count();
  });
  QObject::connect(controller, &VideoController::sourceStateChanged, [&] {
    if (controller->sourceState() != VideoController::SourceState::Playing) QGuiApplication::quit();
  });
  QObject thisPlay;  // a timer left from a play that ended early must not stop the next
  if (options.seconds > 0)
    QTimer::singleShot(static_cast<int>(options.seconds * 1000), &thisPlay, [] { QGuiApplication::quit(); });

  const double cpu0 = cpuSeconds();
  const auto wall0 = Clock::now();
  if (bareController) {
    bareController->componentComplete();
    if (!options.recordings.isEmpty()) bareController->toggleRecording();
  }
  QGuiApplication::exec();
  run.cpu = {cpuSeconds() - cpu0, std::chrono::duration<double>(Clock::now() - wall0).count()};
  // The end of the clip is reported while its last frame may still wait for the screen.
  QElapsedTimer settling;
  settling.start();
  while (settling.elapsed() < 300) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  run.displayed = displayed.count();
  run.displaySeconds = displayed.seconds();
  run.delivered = controller->frameIndex() + 1;
  run.stages = nlohmann::json::parse(controller->latencyReport().toStdString());
  run.heads = controller->modeName() + QStringLiteral(": ") + controller->modelsText().replace(QLatin1Char('\n'), QStringLiteral(", ")) +
              QStringLiteral(" on ") + controller->deviceName();
  run.sourceFps = controller->sourceFps();
  run.error = controller->errorText();
  if (window) window->close();
  return run;
}

void printStages(const nlohmann::json& stages) {
  std::printf("latency ms              %8s %8s %8s %8s %8s\n", "mean", "p50", "p99", "p99.9", "max");
  for (const char* stage : {"queued", "preprocess", "inference", "postprocess", "ready", "shown", "video"}) {
    if (!stages.contains(stage)) continue;
    const auto& s = stages.at(stage);
    std::printf("  %-21s %8.1f %8.1f %8.1f %8.1f %8.1f\n",
                std::string(stage) == "shown" ? "arrival → shown" : std::string(stage) == "video" ? "video path" : stage,
                s.at("mean").get<double>(), s.at("p50").get<double>(), s.at("p99").get<double>(),
                s.at("p99_9").get<double>(), s.at("max").get<double>());
  }
}

// The heads' own time, in cores: what the AI costs beyond the video path.
double headCores(const Run& run) {
  double ms = 0;
  for (const char* stage : {"preprocess", "inference", "postprocess"})
    if (run.stages.contains(stage))
      ms += run.stages.at(stage).at("mean").get<double>() * run.stages.at(stage).at("count").get<double>();
  return run.cpu.wall > 0 ? ms / 1000.0 / run.cpu.wall : 0;
}

Options parse(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Plays a clip through the live path and prints how it kept up."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("clip"), QStringLiteral("The video file."));
  const QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("ercp, eus or a protocol id."), QStringLiteral("mode"), QStringLiteral("ercp"));
  const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("CPU inference threads (0: cores - 1)."), QStringLiteral("n"), QStringLiteral("0"));
  const QCommandLineOption record(QStringLiteral("record"), QStringLiteral("Record into this folder too."), QStringLiteral("dir"));
  const QCommandLineOption window(QStringLiteral("window"), QStringLiteral("Play in the real window (under Xvfb) and count rendered frames."));
  const QCommandLineOption cpu(QStringLiteral("cpu"), QStringLiteral("Also time GStreamer alone and the app with the AI off, for CPU ratios."));
  const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Stop each play after this long."), QStringLiteral("s"), QStringLiteral("0"));
  parser.addOptions({mode, threads, record, window, cpu, seconds});
  parser.process(arguments);
  if (parser.positionalArguments().size() != 1) parser.showHelp(2);
  return {parser.positionalArguments().front(), parser.value(mode), parser.value(threads).toInt(), parser.value(record),
          parser.isSet(window), parser.isSet(cpu), parser.value(seconds).toDouble()};
}

}  // namespace

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  const Options options = parse(QGuiApplication::arguments());

  std::optional<CpuUse> alone;
  std::optional<Run> aiOff;
  if (options.compareCpu) {
    alone = gstreamerAlone(options);
    aiOff = play(options, true);
  }
  const Run run = play(options, false);
  if (run.displayed < 2 || run.displaySeconds <= 0 || !run.error.isEmpty()) {
    std::fprintf(stderr, "benchmark failed: %s\n", qPrintable(run.error));
    return 1;
  }

  std::printf("clip                    %s\n", qPrintable(options.clip));
  std::printf("cpu cores               %u\n", std::thread::hardware_concurrency());
  std::printf("display                 %s\n", options.window ? "the window (rendered frames)" : "offscreen QVideoSink");
  std::printf("mode / models           %s\n", qPrintable(run.heads));
  std::printf("recording               %s\n", options.recordings.isEmpty() ? "off" : qPrintable(options.recordings));
  std::printf("displayed fps           %.2f of %.2f (%lld frames in %.2f s)\n", (run.displayed - 1) / run.displaySeconds,
              run.sourceFps, static_cast<long long>(run.displayed), run.displaySeconds);
  std::printf("dropped frames          %lld of %lld delivered\n", static_cast<long long>(run.delivered - run.displayed),
              static_cast<long long>(run.delivered));
  std::printf("overlay updates/s       %.2f (%lld results)\n", run.results / run.cpu.wall, static_cast<long long>(run.results));
  if (run.firstBoxMs >= 0) std::printf("first box after target  %.0f ms (from the first frame with a target in the ground truth)\n", run.firstBoxMs);
  printStages(run.stages);
  std::printf("cpu, AI on              %.2f cores (%.1f s of CPU in %.1f s); the heads' own time %.2f cores\n",
              run.cpu.cores(), run.cpu.cpu, run.cpu.wall, headCores(run));
  if (alone && aiOff) {
    std::printf("cpu, AI off             %.2f cores (displayed %.2f fps, %lld dropped)\n", aiOff->cpu.cores(),
                (aiOff->displayed - 1) / aiOff->displaySeconds, static_cast<long long>(aiOff->delivered - aiOff->displayed));
    std::printf("cpu, GStreamer alone    %.2f cores (decode to I420, paced)\n", alone->cores());
    std::printf("ratio AI off / alone    %.2f\n", alone->cores() > 0 ? aiOff->cpu.cores() / alone->cores() : 0.0);
    std::printf("ratio AI on / alone     %.2f\n", alone->cores() > 0 ? run.cpu.cores() / alone->cores() : 0.0);
    std::printf("AI on − off             %.2f cores, against the heads' own %.2f\n", run.cpu.cores() - aiOff->cpu.cores(),
                headCores(run));
  }
  std::printf("peak memory             %.0f MiB (whole run)\n", peakMemoryMiB());
  return 0;
}
