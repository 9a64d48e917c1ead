// libFuzzer target: a folder of DICOM files read as a study (DicomStudy), then the first and last slice of
// every series decoded. The input holds up to kMostInputFiles files, each after the separator kNextFile.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/dicom/DicomCine.h"
#include "core/dicom/DicomStudy.h"

namespace {

constexpr std::string_view kNextFile = "%%next-dicom-file%%";
constexpr std::size_t kMostInputFiles = 6;

// DCMTK reads files, so each input is written into a folder of this process's own.
const std::filesystem::path& scratchFolder() {
  static const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("fuzz-dicom-study-" + std::to_string(getpid()));
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::filesystem::remove_all(scratchFolder());
  std::filesystem::create_directories(scratchFolder());
  std::size_t start = 0;
  for (std::size_t file = 0; file < kMostInputFiles && start <= input.size(); ++file) {
    const std::size_t end = std::min(input.find(kNextFile, start), input.size());
    std::ofstream out(scratchFolder() / std::to_string(file), std::ios::binary);
    out.write(input.data() + start, static_cast<std::streamsize>(end - start));
    start = end + kNextFile.size();
  }
  try {
    const endoverlay::DicomStudy study(scratchFolder());
    for (const auto& series : study.series()) {
      series.values(0);
      series.values(series.sliceCount() - 1);
      series.sliceNearest(series.slicePositionMm(0) + series.sliceSpacingMm());
    }
  } catch (const endoverlay::DicomError&) {
  }
  return 0;
}
