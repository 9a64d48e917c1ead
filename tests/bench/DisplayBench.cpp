// Compares the two ways to bring decoded video to the screen, side by side
// in one run, each in a bare window the size of the app's with nothing but
// the picture: the app's own path (the live source's I420 handed to Qt's
// VideoOutput, which converts it on the GPU) and GStreamer's Qt 6 sink
// (`qml6glsink`: uploaded and converted to RGBA by GStreamer's GL elements,
// then drawn by Qt). Prints rendered frames per second against the source,
// frames that never reached the screen, and CPU. Run it under Xvfb (or on a
// real display); a benchmark, not a test.
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRunnable>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "bench/DisplayedFrames.h"
#include "bench/ProcessUsage.h"
#include "pipeline/GstreamerInit.h"
#include "ui/VideoController.h"

Q_IMPORT_QML_PLUGIN(EndoverlayPlugin)

using namespace endoverlay;
using endoverlay::bench::cpuSeconds;
using Clock = std::chrono::steady_clock;

namespace {

struct Play {
  bench::DisplayedFrames frames;
  std::atomic<long long> delivered{0};  // frames the source delivered, shown or not
  double sourceFps = 0;
  double cpu = 0;
  double wall = 0;
};

const char* const kWindowQml = R"(
import QtQuick
import QtQuick.Window
%1
Window { property string clip; width: 1024; height: 768; visible: true; color: "black"; %2 }
)";

// Loads a bare window around `item` (a QML item that needs `imports`; the window's `clip` property names the
// clip) and runs the event loop for `seconds`; `started` begins the video.
void runWindow(const QString& clip, const QString& imports, const QString& item, double seconds, Play& play,
               const std::function<void(QQuickWindow*)>& started) {
  QQmlApplicationEngine engine;
  engine.setInitialProperties({{QStringLiteral("clip"), clip}});
  engine.loadData(QString::fromLatin1(kWindowQml).arg(imports, item).toUtf8());
  auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
  if (!window) {
    std::fprintf(stderr, "the window did not load\n");
    return;
  }
  QObject::connect(window, &QQuickWindow::frameSwapped, window, [&play] { play.frames.shown(); }, Qt::DirectConnection);
  QTimer::singleShot(static_cast<int>(seconds * 1000), [] { QGuiApplication::quit(); });
  const double cpu0 = cpuSeconds();
  const auto wall0 = Clock::now();
  started(window);
  QGuiApplication::exec();
  play.cpu = cpuSeconds() - cpu0;
  play.wall = std::chrono::duration<double>(Clock::now() - wall0).count();
  window->close();
}

// The app's path, the AI off: VideoController plays the clip into VideoOutput.
void playThroughVideoOutput(const QString& clip, double seconds, Play& play) {
  const QString item = QStringLiteral(
      "VideoOutput { id: video; anchors.fill: parent; fillMode: VideoOutput.PreserveAspectFit }"
      "VideoController { objectName: 'controller'; source: clip; aiOff: true; protocolsDirectory: '';"
      "  modelsDirectory: ''; settingsFile: ''; videoSink: video.videoSink }");
  runWindow(clip, QStringLiteral("import QtMultimedia\nimport Endoverlay"), item, seconds, play, [&play](QQuickWindow* window) {
              auto* controller = window->findChild<VideoController*>(QStringLiteral("controller"));
              // The queue in front of the sink may drop frames: the newest shown frame's index counts the frames
              // delivered up to it, shown or not.
              QObject::connect(controller, &VideoController::frameShown, [&play, controller] {
                play.frames.handed(controller->frameIndex());
                play.delivered = controller->frameIndex() + 1;
                play.sourceFps = controller->sourceFps();
              });
            });
}

// Starts the pipeline once the scene graph's GL context exists, which qml6glsink shares.
class SetPlaying : public QRunnable {
 public:
  explicit SetPlaying(GstElement* pipeline) : pipeline_(pipeline) {}
  void run() override { gst_element_set_state(pipeline_, GST_STATE_PLAYING); }

 private:
  GstElement* pipeline_;
};

GstPadProbeReturn countBuffer(GstPad*, GstPadProbeInfo*, gpointer data) {
  auto* play = static_cast<Play*>(data);
  play->frames.handed(play->delivered++);
  return GST_PAD_PROBE_OK;
}

void playThroughQml6GlSink(const QString& clip, double seconds, Play& play) {
  // The sink must exist before the QML loads: creating it registers GstGLQt6VideoItem.
  GstElement* sink = gst_element_factory_make("qml6glsink", nullptr);
  if (!sink) {
    std::fprintf(stderr, "qml6glsink is missing: packaging/install-deps test\n");
    return;
  }
  gchar* uri = gst_filename_to_uri(clip.toLocal8Bit().constData(), nullptr);
  const std::string description = std::string("uridecodebin uri=") + uri +
                                  " ! deinterlace ! glupload ! glcolorconvert"
                                  " ! video/x-raw(memory:GLMemory),format=RGBA ! identity name=counter";
  g_free(uri);
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (error) {
    std::fprintf(stderr, "pipeline: %s\n", error->message);
    g_error_free(error);
    gst_object_unref(sink);
    return;
  }
  GstElement* counter = gst_bin_get_by_name(GST_BIN(pipeline), "counter");
  gst_bin_add(GST_BIN(pipeline), sink);
  gst_element_link(counter, sink);
  GstPad* pad = gst_element_get_static_pad(sink, "sink");
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, countBuffer, &play, nullptr);
  gst_object_unref(pad);
  gst_object_unref(counter);
  runWindow(clip, QStringLiteral("import org.freedesktop.gstreamer.Qt6GLVideoItem"),
            QStringLiteral("GstGLQt6VideoItem { objectName: 'videoItem'; anchors.fill: parent }"),
            seconds, play, [sink, pipeline](QQuickWindow* window) {
              g_object_set(sink, "widget", window->findChild<QQuickItem*>(QStringLiteral("videoItem")), nullptr);
              window->scheduleRenderJob(new SetPlaying(pipeline), QQuickWindow::BeforeSynchronizingStage);
            });
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
}

void print(const char* name, const Play& play, double sourceFps) {
  const bench::DisplayedFrames& f = play.frames;
  if (f.count() < 2) {
    std::printf("%-34s nothing rendered\n", name);
    return;
  }
  std::printf("%-34s %6.2f of %5.2f fps  %5lld of %5lld never shown  %4.2f cores\n", name,
              (f.count() - 1) / f.seconds(), sourceFps, play.delivered.load() - f.count(), play.delivered.load(),
              play.wall > 0 ? play.cpu / play.wall : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  initialiseGstreamer();
  QQuickWindow::setGraphicsApi(QSGRendererInterface::OpenGL);
  QGuiApplication app(argc, argv);
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Plays a clip through both display paths and prints how each kept up."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("clip"), QStringLiteral("The video file."));
  const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("How long each plays."), QStringLiteral("s"), QStringLiteral("10"));
  parser.addOption(seconds);
  parser.process(app);
  if (parser.positionalArguments().size() != 1) parser.showHelp(2);
  const QString clip = parser.positionalArguments().front();
  const double playSeconds = parser.value(seconds).toDouble();

  std::printf("clip %s, %s, %u cores\n", qPrintable(clip), qPrintable(QGuiApplication::platformName()),
              std::thread::hardware_concurrency());
  Play videoOutput;
  playThroughVideoOutput(clip, playSeconds, videoOutput);
  Play glSink;
  playThroughQml6GlSink(clip, playSeconds, glSink);
  print("I420 → VideoOutput (the app's)", videoOutput, videoOutput.sourceFps);
  print("qml6glsink (GL upload + convert)", glSink, videoOutput.sourceFps);
  return 0;
}
