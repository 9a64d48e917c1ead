#include <QtTest>

#include <stdexcept>
#include <thread>

#include "core/support/GuardedThread.h"

using namespace endoverlay;

class GuardedThreadTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void anExceptionOnAThreadIsReportedNotFatal() {
    std::string reported;
    bool finished = false;
    std::thread worker([&] {
      finished = runGuarded("a test job", [] { throw std::runtime_error("disk on fire"); },
                            [&](const std::string& problem) { reported = problem; });
    });
    worker.join();
    QVERIFY(!finished);
    QCOMPARE(reported, std::string("disk on fire"));
  }

  void aReportThatThrowsIsSwallowed() {
    std::string reported;
    std::thread worker([&] {
      runGuarded("a test job", [] { throw 42; }, [&](const std::string& problem) {
        reported = problem;
        throw std::logic_error("the report failed too");
      });
    });
    worker.join();
    QCOMPARE(reported, std::string("an unknown error"));
    QVERIFY(runGuarded("a test job", [] {}));
  }
};

QTEST_APPLESS_MAIN(GuardedThreadTest)
#include "GuardedThreadTest.moc"
