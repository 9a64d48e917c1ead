#pragma once

namespace endoverlay {

// Registers DCMTK's decoders once per process and keeps its own log off: a damaged file's warnings could
// quote the values of tags this library never reads, patient tags included. Call before DCMTK reads a file.
void prepareDcmtk();

}  // namespace endoverlay
