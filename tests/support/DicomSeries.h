#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

namespace endoverlay::test {

// The folder tests/dicom/make-dicom-series wrote (the ctest fixture dicom_series; its target defines
// ENDOVERLAY_DICOM_SERIES), and its manifest.json: what each study there holds.
std::filesystem::path dicomSeriesFolder();
const nlohmann::json& dicomSeriesManifest();

}  // namespace endoverlay::test
