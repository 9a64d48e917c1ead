"""Evaluation sets for endoverlay-cli eval, and the report comparison."""
import json
from pathlib import Path

import cv2
import numpy as np

from endoverlay_training import ceus_phantom, compare_reports, datasets, eval_set

MODELS = Path(__file__).resolve().parents[2] / "resources" / "models"


def test_image_set_is_written_with_its_truth(tmp_path):
    eval_set.make("eus", 6, 3, tmp_path)
    manifest = json.loads((tmp_path / "dataset.json").read_text())
    assert manifest["schema"] == "endoverlay.eval-set/1" and manifest["mode"] == "EUS"
    assert "not for clinical use" in manifest["training_data"]
    assert len(manifest["frames"]) == 6
    for frame in manifest["frames"]:
        image = cv2.imread(str(tmp_path / frame["image"]))
        assert image.shape == (480, 640, 3)
        assert frame["label"] in ("MCN", "SCN", None)
        if "region" in frame:
            x, y, w, h = frame["region"]
            assert 0 <= x and x + w <= 640 and 0 <= y and y + h <= 480


def test_same_seed_same_set(tmp_path):
    eval_set.make("ercp", 3, 9, tmp_path / "a")
    eval_set.make("ercp", 3, 9, tmp_path / "b")
    assert (tmp_path / "a" / "dataset.json").read_text() == (tmp_path / "b" / "dataset.json").read_text()


def test_study_sets_hold_dicom_studies_read_at_the_training_samples_slice(tmp_path):
    import pydicom
    eval_set.make("ct-renal-mass", 2, 4, tmp_path / "ct")
    manifest = json.loads((tmp_path / "ct" / "dataset.json").read_text())
    assert manifest["mode"] == "ct-renal-mass" and manifest["seed"] == 4
    for i, frame in enumerate(manifest["frames"]):
        sample = datasets.ct_sample((4, i, (64, 64)))
        assert frame["region"] == [int(v) for v in sample.frame_box]
        assert frame["label"] == ("malignant", "benign")[sample.label] and frame["box"] is None
        files = sorted((tmp_path / "ct" / frame["study"]).iterdir())
        assert len(files) in (8, 12)  # the slice and its neighbours, in four phases
        z = sorted({float(pydicom.dcmread(f, stop_before_pixels=True).ImagePositionPatient[2]) for f in files})
        assert frame["slice_mm"] in z
    eval_set.make("mri-cirrhosis", 1, 4, tmp_path / "mri")
    frame = json.loads((tmp_path / "mri" / "dataset.json").read_text())["frames"][0]
    assert "region" not in frame and frame["label"] in ("cirrhosis", "normal")
    assert len(list((tmp_path / "mri" / frame["study"]).iterdir())) == 3


def test_ceus_set_has_a_region_on_the_contrast_half_of_every_frame(tmp_path):
    eval_set.make("ceus", 3, 7, tmp_path / "a")
    eval_set.make("ceus", 3, 7, tmp_path / "b")
    manifest = json.loads((tmp_path / "a" / "dataset.json").read_text())
    assert manifest == json.loads((tmp_path / "b" / "dataset.json").read_text())
    assert manifest["mode"] == "CEUS" and len(manifest["frames"]) == 3
    x0, y0 = ceus_phantom.CONTRAST_ORIGIN
    vw, vh = ceus_phantom.VIEW_SIZE
    for i, frame in enumerate(manifest["frames"]):
        image = cv2.imread(str(tmp_path / "a" / frame["image"]))
        assert np.array_equal(image, cv2.imread(str(tmp_path / "b" / frame["image"])))
        assert image.shape == (480, 640, 3)
        assert frame["label"] in ceus_phantom.CLASSES
        x, y, w, h = frame["region"]
        assert x0 <= x and x + w <= x0 + vw and y0 <= y and y + h <= y0 + vh and w > 0 and h > 0
        bx, by, bw, bh = frame["box"]
        assert x <= bx + bw / 2 <= x + w and y <= by + bh / 2 <= y + h
        # The region is the one the training samples are cut from: the same input, pixel for pixel.
        sample = datasets.ceus_sample((7, i, (224, 224)))
        assert ceus_phantom.CLASSES[sample.label] == frame["label"]
        assert np.array_equal(datasets.to_input(image[y:y + h, x:x + w], (224, 224), grey=True), sample.image)


def test_evaluation_reports_the_papers_measures(tmp_path):
    eval_set.make("ercp", 8, 4, tmp_path)
    report = eval_set.evaluate(tmp_path, MODELS, resamples=20)
    assert report["mode"] == "ercp" and report["frames"] == 8
    assert [m["name"] for m in report["models"]] == ["ercp-ampulla-demo", "ercp-difficulty-demo"]
    with_box = sum(f["box"] is not None for f in json.loads((tmp_path / "dataset.json").read_text())["frames"])
    assert report["ampulla"]["frames"] == with_box
    assert report["ampulla"]["frames_without_papilla"] == 8 - with_box
    assert set(report["difficulty"]) == {"region", "four_class", "binary"}


def test_comparison_tolerates_bootstrap_noise_only():
    training = {"accuracy": 0.75, "ci95": {"accuracy": [0.6, 0.9]}, "classes": ["a", "b"]}
    close = {"accuracy": 0.75, "ci95": {"accuracy": [0.62, 0.89]}, "classes": ["a", "b"], "device": "CPU"}
    assert compare_reports.differences(close, training)[0] == []
    off = {"accuracy": 0.7500001, "ci95": {"accuracy": [0.5, 0.9]}, "classes": ["a", "c"]}
    problems = compare_reports.differences(off, training)[0]
    assert len(problems) == 3
    assert compare_reports.differences({}, training)[0][0].endswith("missing from the app's report")
    renamed = {"lesion_type": {"accuracy": 0.75}}
    assert compare_reports.differences(renamed, {"cyst_type": {"accuracy": 0.75}})[0] == [
        "/cyst_type/accuracy: missing from the app's report", "/lesion_type: missing from the training report"]
