#pragma once

namespace endoverlay {

// The GStreamer element `endoverlaydicomsrc` (property `location`): the
// frames of a DICOM file (DicomCine) as raw RGB video (grey too: GStreamer
// 1.22 turns GRAY8 into I420 without its range) at the file's frame rate, timestamped by frame — so a DICOM cine plays, seeks,
// steps, records and is analysed through the same pipelines as a video file.
// It answers duration queries and seeks in time to the frame shown at that
// time. A file it cannot show fails the pipeline's start with the reason
// (not DICOM, damaged, no pixel data, a coding it cannot decode).
// Registered by initialiseGstreamer().
void registerDicomSourceElement();

}  // namespace endoverlay
