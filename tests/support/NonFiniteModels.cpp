#include "support/NonFiniteModels.h"

#include <nlohmann/json.hpp>

#include "core/support/Sha256.h"
#include "support/TestFiles.h"

namespace endoverlay::test {

namespace fs = std::filesystem;
using nlohmann::json;

void writeNonFiniteModels(const fs::path& folder, double maskMean, double cystMean) {
  fs::create_directories(folder);
  for (const char* model : {"nonfinite_mask.pt", "nonfinite_classifier.pt"})
    fs::copy_file(fs::path(ENDOVERLAY_TEST_MODELS) / model, folder / model, fs::copy_options::overwrite_existing);
  const json mask = {{"schema", "endoverlay.model-card/1"}, {"name", "nan-mask"}, {"version", "1"},
                     {"task", "ampulla_soft_mask"}, {"file", "nonfinite_mask.pt"},
                     {"sha256", sha256OfFile(folder / "nonfinite_mask.pt")}, {"training_data", "none: a test model"},
                     {"input", {{"width", 32}, {"height", 24}, {"channels", 3}, {"colour_order", "RGB"},
                                {"mean", {maskMean, maskMean, maskMean}}, {"std", {1, 1, 1}}}},
                     {"outputs", {{{"name", "mask"}, {"shape", {1, 1, 12, 16}}}}}, {"labels", json::array()},
                     {"postprocess", {{"box_threshold", 0.6}, {"display_threshold", 0.5}}}};
  const json cyst = {{"schema", "endoverlay.model-card/1"}, {"name", "inf-cyst"}, {"version", "1"},
                     {"task", "cyst_type"}, {"file", "nonfinite_classifier.pt"},
                     {"sha256", sha256OfFile(folder / "nonfinite_classifier.pt")}, {"training_data", "none: a test model"},
                     {"input", {{"width", 32}, {"height", 32}, {"channels", 1}, {"colour_order", "GREY"},
                                {"mean", {cystMean}}, {"std", {1}}}},
                     {"outputs", {{{"name", "logits"}, {"shape", {1, 2}}}}}, {"labels", {"MCN", "SCN"}}};
  test::writeText(folder / "nan-mask.json", mask.dump(2));
  test::writeText(folder / "inf-cyst.json", cyst.dump(2));
}

}  // namespace endoverlay::test
