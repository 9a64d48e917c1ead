"""Phantom volumes as DICOM series, one file per slice, as CT and MR scanners archive them: CT Image
Storage with its values stored as unsigned integers and a rescale to Hounsfield units, MR Image
Storage with the signal as it is. Uncompressed (explicit VR little endian).

The tags are synthetic and de-identified, as in dicom_cine: the files of one study share its
identity, so they share a Study Instance UID, and each series and slice has its own UID derived
from it. The geometry is axial: Image Orientation (Patient) along x and y, Image Position (Patient)
at each slice's z, so that a reader orders the slices by position, not by file name."""
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import numpy as np
from pydicom.uid import ExplicitVRLittleEndian

from .dicom_cine import Identity, dataset, uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4"
CT_INTERCEPT = -1024.0                      # stored value 0 is -1024 HU, as most CT scanners store it
CT_BITS_STORED = 12


@dataclass(frozen=True)
class Series:
    """One series of a study: its number, what it shows, and its slices (float, slices × rows × columns)."""
    number: int
    description: str                        # at most 64 characters (LO)
    volume: np.ndarray
    slice_z: Sequence[float]                # mm, one a slice
    pixel_mm: float
    slice_mm: float
    window: Tuple[float, float]             # centre, width: how the series is first shown
    contrast_agent: Optional[str] = None


def stored_ct(hu: np.ndarray) -> np.ndarray:
    """Hounsfield units as stored: whole units above CT_INTERCEPT, 12 bits."""
    return np.clip(np.round(hu - CT_INTERCEPT), 0, (1 << CT_BITS_STORED) - 1).astype(np.uint16)


def stored_mr(signal: np.ndarray) -> np.ndarray:
    """MR signal as stored: whole units, 16 bits."""
    return np.clip(np.round(signal), 0, 65535).astype(np.uint16)


def write_series(directory: Path, series: Series, identity: Identity, modality: str) -> List[Path]:
    """Every slice of `series` as its own file in `directory`, named by series and slice number."""
    if modality not in ("CT", "MR"):
        raise ValueError(f"no phantom series of modality {modality}")
    directory.mkdir(parents=True, exist_ok=True)
    slices, rows, columns = series.volume.shape
    if len(series.slice_z) != slices:
        raise ValueError("one z position a slice")
    stored = stored_ct(series.volume) if modality == "CT" else stored_mr(series.volume)
    paths = []
    for index in range(slices):
        path = directory / f"{series.number:02d}{index + 1:03d}.dcm"
        ds = dataset(path, identity, CT_IMAGE_STORAGE if modality == "CT" else MR_IMAGE_STORAGE, modality,
                     (f"series/{series.number}", series.number), (f"instance/{series.number}/{index + 1}", index + 1),
                     ExplicitVRLittleEndian)
        ds.ImageType = ["DERIVED", "SECONDARY", "AXIAL"]
        ds.SeriesDescription = series.description
        ds.FrameOfReferenceUID = uid(identity, "frame-of-reference")  # all series share the patient's coordinates
        ds.PositionReferenceIndicator = ""
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        half = (np.array([columns, rows]) - 1) / 2 * series.pixel_mm
        ds.ImagePositionPatient = [f"{-half[0]:.6g}", f"{-half[1]:.6g}", f"{series.slice_z[index]:.6g}"]
        ds.SliceLocation = f"{series.slice_z[index]:.6g}"
        ds.PixelSpacing = [f"{series.pixel_mm:.6g}", f"{series.pixel_mm:.6g}"]
        ds.SliceThickness = f"{series.slice_mm:.6g}"
        ds.WindowCenter, ds.WindowWidth = f"{series.window[0]:.6g}", f"{series.window[1]:.6g}"
        if series.contrast_agent:
            ds.ContrastBolusAgent = series.contrast_agent
        if modality == "CT":
            ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = f"{CT_INTERCEPT:.6g}", "1", "HU"
            ds.KVP = "120"
        else:
            ds.ScanningSequence, ds.SequenceVariant, ds.ScanOptions, ds.MRAcquisitionType = "SE", "SK", "", "2D"
            ds.EchoTime, ds.RepetitionTime, ds.EchoTrainLength = "90", "4000", "16"
            ds.MagneticFieldStrength = "1.5"
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.Rows, ds.Columns = rows, columns
        bits = CT_BITS_STORED if modality == "CT" else 16
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits, bits - 1, 0
        ds.PixelData = stored[index].tobytes()
        ds.save_as(str(path), write_like_original=False)
        paths.append(path)
    return paths

