#pragma once

#include <functional>
#include <stdexcept>

#include "core/analysis/Frame.h"
#include "pipeline/SourceSpec.h"

namespace endoverlay {

// Why an offline run over a video stopped early: the source failed, or the
// frame handler threw. The message is meant for the user.
class PlaybackError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a frame handler wants next.
enum class Playback { Continue, Stop };

// The picture a frame handler gets: as the heads of the live path take it
// (analysis), or whole, as decoded (exports, which paint on it).
enum class Picture { ForHeads, Whole };

// Decodes every frame of `spec` as fast as `onFrame` takes them (the decoder
// waits for it, so none is skipped), in BGRx: as the heads of the live path
// take them (BgrxConverter::forHeads: an HD or 4K picture scaled to HD, with
// Frame::scaledFrom saying from what) or whole, and returns at the end of the video or
// when `onFrame` says Stop. `onFrame` runs on GStreamer's streaming thread;
// if it throws, playback stops and its message comes back as a
// PlaybackError, as does a source error.
void playEveryFrame(const SourceSpec& spec, Picture picture, const std::function<Playback(Frame)>& onFrame);

}  // namespace endoverlay
