#pragma once

namespace endoverlay {

// Puts the calling thread behind the video: the scheduler then gives the
// decoder and the display the cores they need first, and the analysis the
// rest, so a busy machine shows fewer overlay updates instead of dropping
// frames. Threads the caller starts afterwards (LibTorch's OpenMP team)
// inherit it. Returns false where the system refused; nothing else changes.
bool runBehindVideo();

}  // namespace endoverlay
