#include "support/DicomSeries.h"

#include "support/TestFiles.h"

namespace endoverlay::test {

std::filesystem::path dicomSeriesFolder() { return ENDOVERLAY_DICOM_SERIES; }

const nlohmann::json& dicomSeriesManifest() {
  static const auto parsed = nlohmann::json::parse(readText(dicomSeriesFolder() / "manifest.json"));
  return parsed;
}

}  // namespace endoverlay::test
