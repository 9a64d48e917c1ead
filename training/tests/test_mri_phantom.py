"""The T2 liver MRI phantom: deterministic, the study's share of cirrhosis, the mask on the liver and
nowhere else, cirrhosis signs that grow with the stage, and an MR series that reads back."""
import argparse

import cv2
import numpy as np
import pydicom
import pytest

from endoverlay_training import build_all, dicom_series
from endoverlay_training import mri_phantom as mr


def test_the_same_seed_gives_the_same_slice_and_mask():
    a, b = mr.make_study(3), mr.make_study(3)
    assert a == b
    (sa, ma), (sb, mb) = mr.render_slice(a, a.slice_z[4]), mr.render_slice(b, b.slice_z[4])
    assert np.array_equal(sa, sb) and np.array_equal(ma, mb)


def test_the_classes_keep_the_studys_share():
    assert np.mean([s.cirrhotic for s in mr.studies(5, 400)]) == pytest.approx(553 / 713, abs=0.05)


def test_the_mask_covers_the_liver_and_only_the_liver():
    study = mr.make_study(12, cirrhotic=False)
    signal, mask = mr.render_slice(study, study.slice_z[study.caudate_slice()])
    area_mm2 = mask.sum() * mr.PIXEL_MM ** 2
    assert 8_000 < area_mm2 < 30_000
    assert cv2.connectedComponents(mask.astype(np.uint8))[0] - 1 <= 3   # the lobes, maybe the caudate apart
    liver = signal[mask]
    eroded = cv2.erode(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    ring = cv2.dilate(mask.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool) & ~mask
    # Normal liver is darker than the fat around it on T2, and homogeneous inside.
    assert np.median(liver) < 0.7 * np.median(signal[ring])
    assert np.std(signal[eroded]) < 0.25 * np.median(signal[eroded])


def stats(study: mr.MriStudy) -> tuple:
    signal, mask = mr.render_slice(study, study.slice_z[study.caudate_slice()])
    inner = cv2.erode(mask.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    outline = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)[0]
    perimeter = sum(cv2.arcLength(c, True) for c in outline)
    roughness = perimeter / np.sqrt(mask.sum())          # a nodular surface is longer for its area
    heterogeneity = np.std(signal[inner]) / np.median(signal[inner])
    return roughness, heterogeneity


def test_cirrhosis_is_rougher_and_more_heterogeneous_than_a_normal_liver():
    cirrhotic = [stats(mr.make_study(20_000 + i, cirrhotic=True)) for i in range(12)]
    normal = [stats(mr.make_study(30_000 + i, cirrhotic=False)) for i in range(12)]
    assert np.median([c[0] for c in cirrhotic]) > 1.1 * np.median([n[0] for n in normal])
    assert np.median([c[1] for c in cirrhotic]) > 1.25 * np.median([n[1] for n in normal])


def test_a_study_is_written_as_one_mr_series(tmp_path):
    study = mr.make_study(8)
    paths = mr.write_study(tmp_path, study)
    assert len(paths) == mr.SLICES
    datasets = [pydicom.dcmread(p) for p in paths]
    assert {d.SOPClassUID for d in datasets} == {dicom_series.MR_IMAGE_STORAGE}
    assert {d.Modality for d in datasets} == {"MR"} and len({d.SeriesInstanceUID for d in datasets}) == 1
    assert all("RescaleSlope" not in d for d in datasets)
    middle = datasets[study.caudate_slice()]
    assert float(middle.ImagePositionPatient[2]) == pytest.approx(study.slice_z[study.caudate_slice()], abs=1e-3)
    expected = np.clip(np.round(mr.render_slice(study, study.slice_z[study.caudate_slice()])[0]), 0, 65535)
    assert np.array_equal(middle.pixel_array, expected.astype(np.uint16))


def test_the_cirrhosis_comparison_is_trained_with_one_seed_at_least():
    assert build_all.at_least_one("8") == 8
    for bad in ("0", "-3"):
        with pytest.raises(argparse.ArgumentTypeError, match="must be 1 or more"):
            build_all.at_least_one(bad)
