#include "support/DicomTestFiles.h"

#include <stdexcept>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/TestFiles.h"

namespace endoverlay::test {

cv::Mat DicomTestFile::reference(int index) const {
  cv::Mat picture = cv::imread(references.at(static_cast<std::size_t>(index)).string(),
                               colour ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
  if (picture.empty()) throw std::runtime_error("no reference " + references.at(static_cast<std::size_t>(index)).string());
  if (colour) cv::cvtColor(picture, picture, cv::COLOR_BGR2RGB);
  return picture;
}

const DicomTestFile& DicomTestFiles::named(const std::string& stem) const {
  for (const auto& file : files)
    if (file.path.stem() == stem) return file;
  throw std::out_of_range("no DICOM test file " + stem);
}

const DicomTestFiles& dicomTestFiles() {
  static const DicomTestFiles all = [] {
    const std::filesystem::path folder = ENDOVERLAY_DICOM_FILES;
    const auto manifest = nlohmann::json::parse(readText(folder / "manifest.json"));
    DicomTestFiles files;
    for (const auto& entry : manifest.at("files")) {
      DicomTestFile file{folder / entry.at("file").get<std::string>(), entry.at("made_by").get<std::string>(),
                         entry.at("frames").get<int>(), entry.at("width").get<int>(), entry.at("height").get<int>(),
                         entry.at("colour").get<bool>(), entry.at("fps").get<double>(),
                         entry.at("tolerance").get<int>(), {}};
      for (const auto& reference : entry.at("references")) file.references.push_back(folder / reference.get<std::string>());
      files.files.push_back(std::move(file));
    }
    for (const auto& entry : manifest.at("broken"))
      files.broken.push_back({folder / entry.at("file").get<std::string>(), entry.at("reason").get<std::string>()});
    files.identifiers = manifest.at("identifiers").get<std::vector<std::string>>();
    return files;
  }();
  return all;
}

double largestDifference(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return 1e9;
  return cv::norm(a, b, cv::NORM_INF);
}

}  // namespace endoverlay::test
