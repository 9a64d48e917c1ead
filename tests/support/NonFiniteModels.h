#pragma once

#include <filesystem>

namespace endoverlay::test {

// A models folder with the tiny models of tests/models/make_nonfinite_test_models.py
// and their cards: nan-mask (a soft mask, NaN where the normalised input is
// negative) and inf-cyst (a cyst-type classifier, an infinite logit on an
// input whose mean is 0), with the given normalisation means.
void writeNonFiniteModels(const std::filesystem::path& folder, double maskMean, double cystMean);

}  // namespace endoverlay::test
