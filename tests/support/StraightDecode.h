#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <opencv2/core.hpp>

namespace endoverlay::test {

// Frames of a video decoded by a plain GStreamer pipeline that shares no code
// with the product (filesrc ! decodebin ! videoconvert ! appsink), as the
// reference its frame path is checked against. `format` "I420": the planes
// packed one after the other (Frame::i420's layout); "BGRx": CV_8UC4.
std::map<std::int64_t, cv::Mat> decodeStraight(const std::filesystem::path& video, const std::string& format,
                                               const std::set<std::int64_t>& indices);

}  // namespace endoverlay::test
