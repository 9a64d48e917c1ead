"""CEUS (Tong et al. 2022): the dual-view phantom, its data set, the paper's head, its card, clip and report."""
import copy
import json
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
import torch
from pydicom.encaps import generate_pixel_data_frame

from endoverlay_training import (build_all, ceus_phantom, clips, datasets, dicom_cine, export, model_card,
                                 readme_results, train)
from endoverlay_training.resnet import ResNetClassifier

WIDTH = ceus_phantom.FRAME_SIZE[0]
CLIPS = Path(__file__).resolve().parents[2] / "resources" / "clips"


def grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float64)


def inner_and_beside(image: np.ndarray, box) -> tuple:
    """Mean of the lesion's central half and of the strips left and right of it, inside the fan:
    the parenchyma runs across the view through the lesion."""
    g = grey(image)
    x, y, w, h = box
    rows = slice(int(y + h / 4), int(y + 3 * h / 4))
    inner = g[rows, int(x + w / 4):int(x + 3 * w / 4)]
    beside = np.concatenate([g[rows, int(x - 0.35 * w):int(x - 0.05 * w)].ravel(),
                             g[rows, int(x + 1.05 * w):int(x + 1.35 * w)].ravel()])
    return inner.mean(), beside[beside > 3].mean()


def test_ceus_frames_are_deterministic_per_seed():
    a = ceus_phantom.random_frame(np.random.default_rng(5), 0)
    b = ceus_phantom.random_frame(np.random.default_rng(5), 0)
    c = ceus_phantom.random_frame(np.random.default_rng(6), 0)
    assert np.array_equal(a.image, b.image) and a.box == b.box and a.lesion == b.lesion and a.t == b.t
    assert not np.array_equal(a.image, c.image)
    assert a.image.shape == (480, 640, 3)


def test_bolus_is_dark_before_arrival_and_peaks_when_it_says():
    bolus = ceus_phantom.Bolus(arrival_s=12.0, time_to_peak_s=13.0, spread=1.0, peak=0.8)
    assert bolus.at(None) == 0.0 and bolus.at(11.0) == 0.0
    assert bolus.at(25.0) == pytest.approx(0.8)
    assert bolus.at(20.0) < 0.8 and bolus.at(30.0) < 0.8 and bolus.at(60.0) < bolus.at(40.0)


def test_dual_view_shows_the_same_place_in_both_halves():
    """The label is on the contrast (right) half; the B-mode box is the same box on the left half, and
    there, as on the contrast half at the pancreatic phase, a PDAC is darker than the gland beside it."""
    rng = np.random.default_rng(11)
    for _ in range(4):
        frame = ceus_phantom.random_frame(rng, 0, t=40.0)
        x, y, w, h = frame.box
        assert WIDTH / 2 <= x and x + w <= WIDTH and 0 <= y and y + h <= 480
        bx, by, bw, bh = frame.bmode_box
        assert (x - bx, y - by, w - bw, h - bh) == (WIDTH / 2, 0, 0, 0)
        for box in (frame.box, frame.bmode_box):
            inner, beside = inner_and_beside(frame.image, box)
            assert inner < beside
    before = ceus_phantom.random_frame(np.random.default_rng(12), 1, t=-1.0)
    halves = grey(before.image[30:420, :320]), grey(before.image[30:420, 320:])
    assert before.phase == "before injection" and halves[1].mean() < 0.3 * halves[0].mean()


def test_pdac_enhances_less_than_cp_at_the_pancreatic_phase():
    ratios = {0: [], 1: []}
    rng = np.random.default_rng(4)
    for kind in (0, 1) * 6:
        frame = ceus_phantom.random_frame(rng, kind, t=35.0)
        inner, beside = inner_and_beside(frame.image, frame.box)
        ratios[kind].append(inner / beside)
    assert np.mean(ratios[0]) < np.mean(ratios[1]) - 0.15
    assert np.mean(ratios[1]) > 0.75


def test_training_times_come_mostly_from_the_pancreatic_phase():
    rng = np.random.default_rng(0)
    phases = [ceus_phantom.phase_of(ceus_phantom.sample_time(rng)) for _ in range(2000)]
    assert 0.7 < phases.count("pancreatic") / len(phases) < 0.8
    assert phases.count("vascular") > 150 and phases.count("delayed") > 150


def test_ceus_samples_are_grey_regions_around_the_lesion():
    samples = datasets.generate("ceus", 3, 4, (224, 224), workers=1)
    for s in samples:
        assert s.image.shape == (224, 224) and s.image.dtype == np.uint8 and s.label in (0, 1)
        x, y, w, h = s.box   # a drag may shave the lesion's edge, but holds its centre and most of it
        assert 0 < x + w / 2 < 224 and 0 < y + h / 2 < 224 and 224 / 2.5 < w < 224 * 1.2
    assert datasets.generator_fingerprint("ceus") != datasets.generator_fingerprint("ercp")


def test_paper_head_smoke_run_exports_a_ceus_card_with_head(tmp_path):
    torch.manual_seed(0)
    size = (64, 64)
    samples = [s for s in datasets.generate("ceus", 4, 8, size, workers=1) if s.label >= 0]
    model = ResNetClassifier(2, 1, width=4, blocks=(1, 1), bottleneck=False, dropout=0.5, hidden=512)
    assert [type(m).__name__ for m in model.classifier] == ["Linear", "ReLU", "Dropout", "Linear"]
    assert model.classifier[0].out_features == 512 and model.classifier[2].p == 0.5
    model, _ = train.train_classifier(model, samples, samples, 2, train.classification_accuracy_auc,
                                      train.Schedule(epochs=1, patience=1, batch_size=4, max_steps=2), False)
    card_path = export.export(model, tmp_path, "smoke-ceus", "0", "ceus_lesion_type", size, True,
                              [("logits", "l"), ("feature_map", "f")], ceus_phantom.CLASSES,
                              {"activation": "softmax", "gradcam_method": "head", "region_of_interest": "r"}, {},
                              {"auc": 0.5}, kind="classifier")
    card = model_card.load(card_path)
    assert card["kind"] == "classifier" and card["labels"] == ["PDAC", "CP"]
    assert (card["input"]["colour_order"], card["input"]["channels"]) == ("GREY", 1)
    loaded = torch.jit.load(str(tmp_path / card["file"]))
    logits, features = loaded(train.to_tensor([samples[0].image]))
    assert [list(logits.shape), list(features.shape)] == [o["shape"] for o in card["outputs"]]
    features = features.detach().requires_grad_()
    loaded.head(features)[0, 0].backward()
    assert features.grad is not None and features.grad.abs().sum() > 0
    without_kind = copy.deepcopy(card)
    del without_kind["kind"]
    with pytest.raises(model_card.ModelCardError, match="'kind' is needed for task ceus_lesion_type"):
        model_card.validate(without_kind)


def test_default_head_keeps_its_layout():
    """The demo models' files must not change: the default head is still dropout and one linear layer."""
    model = build_all.classifier(2, 1, False)
    assert [type(m).__name__ for m in model.classifier] == ["Dropout", "Linear"]
    assert [type(m).__name__ for m in build_all.ceus_classifier(False, 8).classifier] == [
        "Linear", "ReLU", "Dropout", "Linear"]


def test_a_short_ceus_clip_is_written_with_its_truth_and_cine(tmp_path, monkeypatch):
    shown = []
    add = clips.ClipWriter.add

    def add_and_keep(writer, image, truth):
        shown.append(image)
        add(writer, image, truth)

    monkeypatch.setattr(clips.ClipWriter, "add", add_and_keep)
    description = clips.ceus_clip(tmp_path / "c.mp4", seed=3, kind=1, seconds=1.0)
    truth = [json.loads(line) for line in (tmp_path / "c.truth.jsonl").read_text().splitlines()]
    assert description["frames"] == len(truth) == 15 and description["fps"] == 15 and description["mode"] == "CEUS"
    assert "time_scale" not in description and description["lesion"]["type"] == "CP"
    assert all(r["label"] == "CP" and r["box"][0] >= WIDTH / 2 and r["bmode_box"][0] < WIDTH / 2 for r in truth)
    assert all(r["seconds_since_injection"] is None and r["phase"] == "before injection" for r in truth)
    ok, image = cv2.VideoCapture(str(tmp_path / "c.mp4")).read()
    assert ok and image.shape == (480, 640, 3)
    assert (description["dicom"], description["dicom_frames"], description["dicom_fps"]) == ("c.dcm", 8, 7.5)
    cine = pydicom.dcmread(tmp_path / "c.dcm")
    assert cine.NumberOfFrames == 8 and float(cine.FrameTime) == pytest.approx(1000 / 7.5)
    assert cine.PatientID == "PHANTOM-CEUS-CP" and cine.PhotometricInterpretation == "MONOCHROME2"
    # The cine's frame i is the picture the MP4 got as its frame 2i, before H.264: the same JPEG bytes.
    again = dicom_cine.CineWriter(clips.CEUS_FPS, 1, clips.CEUS_DICOM_QUALITY, colour=False)
    for image in shown[::clips.CEUS_DICOM_STEP]:
        again.add(image)
    assert [f.rstrip(b"\0") for f in generate_pixel_data_frame(cine.PixelData, 8)] == again.frames


def test_ceus_clip_is_the_same_bytes_for_the_same_seed(tmp_path):
    for name in ("a", "b"):
        clips.ceus_clip(tmp_path / name / "c.mp4", seed=4, kind=1, seconds=0.3)
    assert (tmp_path / "a" / "c.dcm").read_bytes() == (tmp_path / "b" / "c.dcm").read_bytes()
    assert pydicom.dcmread(tmp_path / "a" / "c.dcm").PhotometricInterpretation == "YBR_FULL_422"   # tinted


def test_ceus_clip_clock_runs_in_real_time_from_the_injection():
    assert clips.seconds_since_injection(1.9) is None
    assert clips.seconds_since_injection(clips.CEUS_INJECTION_AT_S) == 0.0
    assert clips.seconds_since_injection(32.0) == pytest.approx(30.0)
    end = clips.seconds_since_injection(clips.CEUS_SECONDS)
    assert ceus_phantom.phase_of(end) == "pancreatic" and end == pytest.approx(58.0)


def test_ceus_probe_keeps_drifting_gently_for_the_whole_minute():
    keys = clips.CEUS_KEYS
    assert keys[0].t == 0 and keys[-1].t == clips.CEUS_SECONDS
    assert max(b.t - a.t for a, b in zip(keys, keys[1:])) <= 12
    assert all(abs(k.x - 350) <= 15 and abs(k.y - 400) <= 10 and 1 <= k.zoom <= 1.05 for k in keys)
    for start in range(0, int(clips.CEUS_SECONDS), 10):
        a, b = (clips.camera_at(keys, t, 0.0) for t in (start, start + 8))
        assert 3 < np.hypot(a.centre_x - b.centre_x, a.centre_y - b.centre_y) < 30


def test_shipped_ceus_clips_are_a_real_time_minute_with_their_cine():
    for name in ("ceus_pdac_demo", "ceus_cp_demo"):
        description = json.loads((CLIPS / f"{name}.json").read_text())
        truth = [json.loads(line) for line in (CLIPS / f"{name}.truth.jsonl").read_text().splitlines()]
        assert (description["fps"], description["frames"], len(truth)) == (15, 900, 900)
        assert description["frames_with_target"] == 900 and "time_scale" not in description
        for row in truth:
            t = row["pts_ns"] / 1e9
            since = row["seconds_since_injection"]
            assert since is None if t < clips.CEUS_INJECTION_AT_S else since == pytest.approx(t - 2.0, abs=0.006)
        assert {r["phase"] for r in truth} == {"before injection", "vascular", "pancreatic"}
        cine = pydicom.dcmread(CLIPS / description["dicom"], stop_before_pixels=True)
        assert cine.NumberOfFrames == description["dicom_frames"] == 450
        assert float(cine.FrameTime) == pytest.approx(1000 / description["dicom_fps"])
        assert cine.PhotometricInterpretation == description["dicom_photometric_interpretation"]
        assert (CLIPS / description["dicom"]).stat().st_size <= 10_000_000
        assert (CLIPS / description["video"]).stat().st_size <= 3_500_000


def ceus_metrics() -> dict:
    return {"samples": 4, "accuracy": 0.75, "auc": 0.9, "sensitivity": 1.0, "specificity": 0.5,
            "classes": ["PDAC", "CP"],
            "ci95": {"accuracy": [0.5, 1.0], "auc": [0.6, 1.0], "sensitivity": [1.0, 1.0], "specificity": [0.0, 1.0]},
            "per_class": [{"precision": 0.67, "recall": 1.0, "f1": 0.8, "auc": 0.9, "support": 2},
                          {"precision": 1.0, "recall": 0.5, "f1": 0.67, "auc": 0.9, "support": 2}],
            "confusion_matrix": [[2, 0], [1, 1]]}


def test_only_ceus_merges_into_the_last_report():
    previous = json.loads((Path(__file__).resolve().parents[1] / "results" / "metrics.json").read_text())
    for key in ("ceus", "rebuilt_alone", "ct", "mri"):   # the parts whose sections follow the CEUS one
        previous.pop(key, None)
    fresh = {"device": "CUDA", "seconds": {"ceus": 12.5, "total": 13.0}, "data_from_cache": False,
             "ceus": ceus_metrics(), "clips": {"ceus_cp": {"mode": "CEUS"}}, "history": {"ceus": [2]},
             "data": {"train": {"seed": 1, "ceus": 1500}}}
    report = build_all.merged(copy.deepcopy(previous), fresh, {"ceus"})
    for key in ("device", "seconds", "ampulla", "difficulty", "cyst"):
        assert report[key] == previous[key]
    assert report["ceus"]["auc"] == 0.9 and set(report["clips"]) == set(previous["clips"]) | {"ceus_cp"}
    assert report["history"] == {**previous["history"], "ceus": [2]}
    assert report["data"]["train"] == {**previous["data"]["train"], "ceus": 1500}
    assert report["rebuilt_alone"] == {"ceus": {"device": "CUDA", "seconds": 12.5}}
    text = readme_results.render(report)
    assert readme_results.render(previous)[:-len(readme_results.END)] in text.replace(
        "\nRebuilt alone since (`build_all --only`): CEUS lesion type (12 s on CUDA).", "")
    assert "| sensitivity (PDAC recall) | 1.000 (1.000–1.000) |" in text
    assert "CEUS lesion type (12 s on CUDA)" in text
    with pytest.raises(SystemExit):
        build_all.selected_parts("ceus,teleport")
    assert build_all.selected_parts(None) == set(build_all.PARTS)
