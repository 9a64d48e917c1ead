#pragma once

#include <opencv2/core.hpp>

#include "core/model/ModelCard.h"

namespace endoverlay {

// A still image's values (CV_32FC1: a CT slice's Hounsfield units, an MR slice's signal) as the 8-bit
// grey picture a head's card asks for: through the card's input window, or stretched between two
// percentiles of the slice's own values (numpy's linear percentiles, as the training did). Whatever window
// the user views the slice through, the model sees what it was trained on. Throws std::invalid_argument
// for a card that states neither (its model takes video pixels, not values) and for a slice holding a
// value that is not a number.
cv::Mat sliceGrey(const cv::Mat& values, const InputSpec& input);

}  // namespace endoverlay
