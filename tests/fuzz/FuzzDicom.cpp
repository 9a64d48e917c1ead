// libFuzzer target: a DICOM file (DicomCine), opened and its first, middle and last frames decoded, the
// middle one twice, as a seek back does.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/dicom/DicomCine.h"

namespace {

// DCMTK reads files, so each input is written to one of this process's own.
const std::filesystem::path& scratchFile() {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("fuzz-dicom-" + std::to_string(getpid()) + ".dcm");
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratchFile(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    endoverlay::DicomCine cine(scratchFile());
    cine.frame(0);
    cine.frame(cine.frameCount() / 2);
    cine.frame(cine.frameCount() / 2);
    cine.frame(cine.frameCount() - 1);
  } catch (const endoverlay::DicomError&) {
  }
  return 0;
}
