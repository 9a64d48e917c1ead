"""The DICOM cine writer: a few frames read back with their tags, the same bytes for the same key, and
nothing that could identify anyone but the synthetic phantom."""
import shutil
import subprocess

import cv2
import numpy as np
import pydicom
import pytest
from pydicom.encaps import generate_pixel_data_frame
from pydicom.pixel_data_handlers import pillow_handler

from endoverlay_training import dicom_cine

IDENTITY = dicom_cine.Identity("PHANTOM-CEUS-TEST", "Synthetic phantom CEUS test, not for clinical use", "test/1")


def frames(colour: bool, count: int = 5) -> list:
    """Speckle-like frames, as the CEUS phantom draws them; grey ones have B = G = R."""
    rng = np.random.default_rng(0)
    images = []
    for i in range(count):
        grey = cv2.GaussianBlur(rng.integers(0, 256, (48, 64), np.uint8), (0, 0), 1.0)
        grey[10:30, 20:40] = 40 * i
        image = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
        if colour:
            image = (image * np.array([0.55, 0.85, 1.0]) + 0.5).astype(np.uint8)
        images.append(image)
    return images


def written(path, colour: bool, identity: dicom_cine.Identity = IDENTITY) -> tuple:
    cine = dicom_cine.CineWriter(fps=15, step=2, quality=90, colour=colour)
    images = frames(colour)
    for image in images:
        cine.add(image)
    return cine.write(path, identity), images[::2]


@pytest.mark.parametrize("colour", [False, True])
def test_cine_reads_back_with_its_tags_and_frames(tmp_path, colour):
    description, kept = written(tmp_path / "c.dcm", colour)
    assert description == {"dicom": "c.dcm", "dicom_fps": 7.5, "dicom_frames": 3, "dicom_frame_step": 2,
                           "dicom_photometric_interpretation": "YBR_FULL_422" if colour else "MONOCHROME2",
                           "dicom_jpeg_quality": 90}
    ds = pydicom.dcmread(tmp_path / "c.dcm")
    assert ds.file_meta.TransferSyntaxUID == dicom_cine.JPEG_BASELINE
    assert ds.SOPClassUID == ds.file_meta.MediaStorageSOPClassUID == dicom_cine.US_MULTIFRAME_STORAGE
    assert ds.SOPInstanceUID == ds.file_meta.MediaStorageSOPInstanceUID
    assert (ds.Modality, ds.NumberOfFrames, ds.Rows, ds.Columns) == ("US", 3, 48, 64)
    assert ds.FrameIncrementPointer == dicom_cine.FRAME_TIME and float(ds.FrameTime) == pytest.approx(1000 / 7.5)
    assert "CineRate" not in ds and "RecommendedDisplayFrameRate" not in ds   # 7.5 fps: no whole rate to state
    assert (ds.SamplesPerPixel, ds.PhotometricInterpretation) == ((3, "YBR_FULL_422") if colour else (1, "MONOCHROME2"))
    assert (ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation) == (8, 8, 7, 0)
    assert (ds.LossyImageCompression, ds.LossyImageCompressionMethod) == ("01", "ISO_10918_1")
    assert float(ds.LossyImageCompressionRatio) > 1 and ds.BurnedInAnnotation == "NO"
    assert ds.Manufacturer == dicom_cine.MANUFACTURER and "not for clinical use" in ds.SeriesDescription
    jpegs = list(generate_pixel_data_frame(ds.PixelData, 3))
    assert all(j[:2] == b"\xff\xd8" and b"\xff\xc0" in j for j in jpegs)   # baseline: SOF0
    for jpeg, image in zip(jpegs, kept):
        decoded = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        assert np.abs(decoded.astype(int) - image).mean() < 4
    if pillow_handler.is_available() and not colour:
        assert np.abs(ds.pixel_array.astype(int) - np.stack(kept)[..., 0]).mean() < 4


def test_cine_names_only_the_synthetic_phantom(tmp_path):
    written(tmp_path / "c.dcm", colour=False)
    ds = pydicom.dcmread(tmp_path / "c.dcm")
    assert (str(ds.PatientName), ds.PatientID, ds.PatientIdentityRemoved) == (
        "SYNTHETIC^PHANTOM", "PHANTOM-CEUS-TEST", "YES")
    names = {e.keyword: str(e.value) for e in ds.iterall() if e.VR == "PN" and e.value}
    assert names == {"PatientName": "SYNTHETIC^PHANTOM"}
    assert not [e.keyword for e in ds.iterall() if e.VR in ("DA", "DT", "TM") and e.value]
    assert "PatientBirthDate" in ds and not ds.PatientBirthDate
    uids = [ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID]
    assert len(set(uids)) == 3 and all(u.startswith("2.25.") and len(u) <= 64 for u in uids)


def test_cine_bytes_follow_the_key(tmp_path):
    written(tmp_path / "a.dcm", colour=True)
    written(tmp_path / "b.dcm", colour=True)
    written(tmp_path / "c.dcm", colour=True, identity=dicom_cine.Identity("PHANTOM-CEUS-TEST", "s", "test/2"))
    assert (tmp_path / "a.dcm").read_bytes() == (tmp_path / "b.dcm").read_bytes()
    other, first = pydicom.dcmread(tmp_path / "c.dcm"), pydicom.dcmread(tmp_path / "a.dcm")
    assert other.StudyInstanceUID != first.StudyInstanceUID and other.SOPInstanceUID != first.SOPInstanceUID


@pytest.mark.skipif(shutil.which("dcmj2pnm") is None, reason="DCMTK not installed")
@pytest.mark.parametrize("colour", [False, True])
def test_dcmtk_reads_and_decodes_a_frame(tmp_path, colour):
    written(tmp_path / "c.dcm", colour)
    dump = subprocess.run(["dcmdump", str(tmp_path / "c.dcm")], capture_output=True, text=True, timeout=60)
    assert dump.returncode == 0 and "NumberOfFrames" in dump.stdout and "FrameTime" in dump.stdout
    out = subprocess.run(["dcmj2pnm", "--frame", "3", str(tmp_path / "c.dcm"), str(tmp_path / "f.pnm")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    image = cv2.imread(str(tmp_path / "f.pnm"), cv2.IMREAD_COLOR)
    assert image.shape == (48, 64, 3) and np.abs(image.astype(int) - frames(colour)[4]).mean() < 4
