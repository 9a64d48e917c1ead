#include "support/SegmenterModel.h"

#include <nlohmann/json.hpp>

#include "core/support/Sha256.h"
#include "support/TestFiles.h"

namespace endoverlay::test {

namespace fs = std::filesystem;
using nlohmann::json;

void writeSegmenterModel(const fs::path& folder, const fs::path& protocols) {
  fs::create_directories(folder);
  fs::create_directories(protocols);
  fs::copy_file(fs::path(ENDOVERLAY_TEST_MODELS) / "segmenter_test_model.pt", folder / "organ-seg.pt",
                fs::copy_options::overwrite_existing);
  const json card = {{"schema", "endoverlay.model-card/1"}, {"name", "organ-seg"}, {"version", "1"},
                     {"task", "organ_segmentation"}, {"kind", "segmenter"}, {"file", "organ-seg.pt"},
                     {"sha256", sha256OfFile(folder / "organ-seg.pt")}, {"training_data", "none: a test model"},
                     {"input", {{"width", 64}, {"height", 48}, {"channels", 1}, {"colour_order", "GREY"},
                                {"mean", {0.0}}, {"std", {1.0}}}},
                     {"outputs", {{{"name", "logits"}, {"shape", {1, 2, 24, 32}}}}},
                     {"labels", {"background", "organ"}},
                     {"postprocess", {{"segment_label", "organ"}, {"display_threshold", 0.5}}}};
  test::writeText(folder / "organ-seg.json", card.dump(2));
  test::writeText(protocols / "organ.json", R"({"schema": "endoverlay.protocol/1", "id": "organ", "name": "Organ",
    "heads": [{"id": "organ", "card": {"task": "organ_segmentation"}, "input": "frame", "readout": "segmentation"}]})");
}

}  // namespace endoverlay::test
