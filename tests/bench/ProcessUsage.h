#pragma once

namespace endoverlay::bench {

// CPU time this process has used so far, user and kernel, in seconds.
double cpuSeconds();
// The most memory this process has held at once, in MiB.
double peakMemoryMiB();

}  // namespace endoverlay::bench
