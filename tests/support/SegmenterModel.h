#pragma once

#include <filesystem>

namespace endoverlay::test {

// Writes into `folder` the test segmenter (tests/models/segmenter_test_model.pt,
// which calls a pixel "organ" where the picture is bright) with its card,
// task organ_segmentation, kind segmenter, and a protocol file for it,
// organ.json (id "organ"), into `protocols`.
void writeSegmenterModel(const std::filesystem::path& folder, const std::filesystem::path& protocols);

}  // namespace endoverlay::test
