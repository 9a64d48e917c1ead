#include "support/RtspTestServer.h"

#include <QDeadlineTimer>

namespace endoverlay::test {

RtspTestServer::~RtspTestServer() { kill(); }

bool RtspTestServer::start() {
  process_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  process_.start(QStringLiteral(ENDOVERLAY_RTSP_TEST_SERVER), {QString::number(port_)});
  const QDeadlineTimer deadline(20'000);
  while (!deadline.hasExpired() && process_.state() != QProcess::NotRunning) {
    if (process_.canReadLine() || process_.waitForReadyRead(200)) {
      const QString line = QString::fromUtf8(process_.readLine()).trimmed();
      if (line.startsWith(QStringLiteral("ready "))) {
        port_ = line.mid(6).toInt();
        return port_ > 0;
      }
    }
  }
  return false;
}

void RtspTestServer::kill() {
  if (process_.state() == QProcess::NotRunning) return;
  process_.kill();
  process_.waitForFinished(5'000);
}

QString RtspTestServer::url() const { return QStringLiteral("rtsp://127.0.0.1:%1/live").arg(port_); }

}  // namespace endoverlay::test
