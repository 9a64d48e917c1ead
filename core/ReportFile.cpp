#include "core/ReportFile.h"

#include <fstream>
#include <stdexcept>

namespace endoverlay {

void writeReportFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.flush();
  if (!out) throw std::runtime_error("writing " + path.string() + " failed (missing folder or disk full?)");
}

}  // namespace endoverlay
