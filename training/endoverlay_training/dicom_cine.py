"""A demo clip as a multi-frame DICOM cine: Ultrasound Multi-frame Image Storage with JPEG Baseline
frames, so the app's DICOM source can be tried on the same pictures as the MP4.

The frames are encoded while the clip is generated (before H.264), every `step`-th one. The tags
are synthetic and de-identified: a phantom patient, no dates, and UIDs derived from the clip's
seed (2.25.<name-based UUID>), so that rebuilding gives the same bytes."""
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple, Union

import cv2
import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.tag import Tag

US_MULTIFRAME_STORAGE = "1.2.840.10008.5.1.4.1.1.3.1"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
FRAME_TIME = Tag(0x0018, 0x1063)
PATIENT_NAME = "SYNTHETIC^PHANTOM"
MANUFACTURER = "Endoverlay synthetic phantom"
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "dicom-cine.endoverlay.invalid")


@dataclass(frozen=True)
class Identity:
    """Who and what the cine claims to be: all synthetic. `key` (e.g. the clip's seed) fixes its UIDs."""
    patient_id: str
    series_description: str     # at most 64 characters (LO)
    key: str


def uid(identity: Identity, role: str) -> str:
    """A UID under 2.25 (ITU-T X.667) from a name-based UUID: the same clip gets the same UIDs every build."""
    return f"2.25.{uuid.uuid5(UID_NAMESPACE, f'{identity.key}/{role}').int}"


class CineWriter:
    """Collects JPEG frames as a clip is generated and writes them as one DICOM file.

    colour=False keeps one channel: a scanner that does not tint its contrast view draws grey frames
    (B = G = R), which MONOCHROME2 holds as they are, without two chroma planes that say nothing.
    OpenCV subsamples the chroma 4:2:0, which DICOM labels YBR_FULL_422 too (CP 1653). Optimised
    Huffman tables keep the JPEG baseline and save a few per cent."""

    def __init__(self, fps: float, step: int = 1, quality: int = 80, colour: bool = True):
        self.fps, self.step, self.quality, self.colour = fps, step, quality, colour
        self.frames: List[bytes] = []
        self.seen = 0
        self.shape = (0, 0)

    @property
    def frame_time_ms(self) -> float:
        return 1000.0 * self.step / self.fps

    def add(self, image: np.ndarray) -> None:
        """A BGR frame, as the MP4 gets it; kept when it is a `step`-th one."""
        if self.seen % self.step == 0:
            pixels = image if self.colour else image[..., 0]
            ok, jpeg = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, self.quality,
                                                     cv2.IMWRITE_JPEG_OPTIMIZE, 1])
            if not ok:
                raise RuntimeError("OpenCV could not encode a JPEG frame")
            self.frames.append(jpeg.tobytes())
            self.shape = image.shape[:2]
        self.seen += 1

    def write(self, path: Path, identity: Identity) -> Dict[str, Union[str, int, float]]:
        """The cine file, and what a clip's description says about it."""
        ds = dataset(path, identity)
        pixel_module(ds, self)
        ds.save_as(str(path), write_like_original=False)
        return {"dicom": Path(path).name, "dicom_fps": round(self.fps / self.step, 3),
                "dicom_frames": len(self.frames), "dicom_frame_step": self.step,
                "dicom_photometric_interpretation": ds.PhotometricInterpretation,
                "dicom_jpeg_quality": self.quality}


def dataset(path: Path, identity: Identity, sop_class: str = US_MULTIFRAME_STORAGE, modality: str = "US",
            series: Tuple[str, int] = ("series", 1), instance: Tuple[str, int] = ("instance", 1),
            transfer_syntax: str = JPEG_BASELINE) -> FileDataset:
    """Patient, study, series, equipment and SOP common modules: synthetic, de-identified, without dates.
    `series` and `instance` are each a UID role and a number: the files of one study share its identity."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = uid(identity, instance[0])
    meta.TransferSyntaxUID = transfer_syntax
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID = PATIENT_NAME, identity.patient_id
    ds.PatientBirthDate = ds.PatientSex = ""
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = "synthetic phantom: never a patient"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = uid(identity, "study"), uid(identity, series[0])
    ds.StudyDate = ds.StudyTime = ds.ReferringPhysicianName = ds.AccessionNumber = ""
    ds.StudyID = "PHANTOM"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = modality, series[1], instance[1]
    ds.SeriesDescription = identity.series_description
    ds.Manufacturer = MANUFACTURER
    ds.ImageType = ["DERIVED", "SECONDARY"]
    ds.ImageComments = "Rendered by the Endoverlay training package from a synthetic phantom; not for clinical use"
    ds.BurnedInAnnotation = "NO"
    return ds


def pixel_module(ds: FileDataset, cine: CineWriter) -> None:
    """Image pixel, multi-frame and cine modules, lossy compression, and the encapsulated frames
    behind a basic offset table, so that a reader can seek to any frame."""
    rows, columns = cine.shape
    samples = 3 if cine.colour else 1
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = "YBR_FULL_422" if cine.colour else "MONOCHROME2"
    if cine.colour:
        ds.PlanarConfiguration = 0
    ds.Rows, ds.Columns = rows, columns
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.NumberOfFrames = len(cine.frames)
    ds.FrameIncrementPointer = FRAME_TIME
    ds.FrameTime = f"{cine.frame_time_ms:.12g}"    # DS holds 16 characters
    rate = cine.fps / cine.step
    if rate == int(rate):  # IS holds whole frames a second; a rounded one would contradict Frame Time
        ds.CineRate = ds.RecommendedDisplayFrameRate = int(rate)
    ds.LossyImageCompression = "01"
    ratio = rows * columns * samples * len(cine.frames) / sum(len(f) for f in cine.frames)
    ds.LossyImageCompressionRatio = f"{ratio:.2f}"
    ds.LossyImageCompressionMethod = "ISO_10918_1"
    ds.PixelData = encapsulate(cine.frames, has_bot=True)
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
