#pragma once

#include <QProcess>
#include <QString>

namespace endoverlay::test {

// tests/support/rtsp-test-server run as a child process: a real RTSP server
// on 127.0.0.1 that a test can kill mid-stream and start again on the same port.
class RtspTestServer {
 public:
  RtspTestServer() = default;
  ~RtspTestServer();
  RtspTestServer(const RtspTestServer&) = delete;
  RtspTestServer& operator=(const RtspTestServer&) = delete;

  // Starts it (on the port it had before, if any) and waits until it listens; false when it does not within 20 s.
  bool start();
  // SIGKILL: the stream stops mid-frame, as when a tower is switched off.
  void kill();
  QString url() const;

 private:
  QProcess process_;
  int port_ = 0;
};

}  // namespace endoverlay::test
