// libFuzzer target: the window's arguments, one per line of the input.
#include <cstddef>
#include <cstdint>

#include <QStringList>

#include "app/WindowOptions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  QStringList arguments{QStringLiteral("endoverlay")};
  arguments += QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)).split(QLatin1Char('\n'));
  endoverlay::WindowOptions::parse(arguments);
  return 0;
}
