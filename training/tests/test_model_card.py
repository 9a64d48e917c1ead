import copy
import json
from pathlib import Path

import pytest

from endoverlay_training import model_card

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "models"


def card_for(path: Path) -> dict:
    return {
        "schema": model_card.SCHEMA, "name": "t", "version": "0.1", "task": "cyst_type", "file": path.name,
        "sha256": model_card.sha256_of(path),
        "input": {"width": 8, "height": 6, "channels": 1, "colour_order": "GREY", "mean": [0.5], "std": [0.25]},
        "outputs": [{"name": "logits", "shape": [1, 2], "meaning": "x"}],
        "labels": ["MCN", "SCN"], "postprocess": {}, "metrics": {},
        "training_data": model_card.TRAINING_DATA_STATEMENT,
    }


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "t.pt"
    path.write_bytes(b"not really a model, but it has a hash")
    return path


def test_a_correct_card_loads(model_file):
    model_card.write(card_for(model_file), model_file.with_suffix(".json"))
    assert model_card.load(model_file.with_suffix(".json"))["name"] == "t"


@pytest.mark.parametrize("breakage, message", [
    (lambda c: c.pop("sha256"), "missing 'sha256'"),
    (lambda c: c.update(task="Tele port"), "task must be 1 to 64"),
    (lambda c: c.update(task="teleport"), "'kind' is needed for task teleport"),
    (lambda c: c.update(kind="detector"), "kind must be one of"),
    (lambda c: c.update(kind="soft_mask_localiser"), "cyst_type is done by a classifier"),
    (lambda c: c["input"].update(channels=3), "GREY needs 1 channel"),
    (lambda c: c["input"].update(std=[0]), "'std' must lie from 0.000001 to 1000"),
    (lambda c: c["input"].update(std=[1e-30]), "'std' must lie from 0.000001 to 1000"),
    (lambda c: c["input"].update(mean=[1e300]), "'mean' must lie from -1000 to 1000"),
    (lambda c: c.update(labels=["MCN", "MCN"]), "distinct non-empty strings"),
    (lambda c: c["postprocess"].update(box_threshold=1.5), "'box_threshold' must lie between 0 and 1"),
    (lambda c: c["outputs"][0].update(shape=[1, -2]), "positive integers"),
    (lambda c: c.update(labels=["only one"]), "one label per class"),
    (lambda c: c.update(schema="other/2"), "schema must be"),
    (lambda c: c.update(sha256="xyz"), "64 lowercase hex"),
    (lambda c: c["input"].update(region_of_interest={"around": "moon", "scale": 3}), "must be one of ampulla_box"),
])
def test_a_broken_card_is_refused_with_a_clear_message(model_file, breakage, message):
    card = copy.deepcopy(card_for(model_file))
    breakage(card)
    with pytest.raises(model_card.ModelCardError, match=message):
        model_card.validate(card)


def test_a_site_task_with_its_kind_loads(model_file):
    card = card_for(model_file)
    card.update(task="pdac_vs_cp", kind="classifier")
    model_card.validate(card)
    card.update(task="liver_segmentation", kind="segmenter", labels=["background", "liver"])
    card["outputs"][0]["shape"] = [1, 2, 24, 32]
    model_card.validate(card)
    card["outputs"][0]["shape"] = [1, 2]
    with pytest.raises(model_card.ModelCardError, match="segmenter's first output"):
        model_card.validate(card)


def test_a_changed_model_file_is_refused(model_file):
    path = model_file.with_suffix(".json")
    model_card.write(card_for(model_file), path)
    model_file.write_bytes(b"tampered")
    with pytest.raises(model_card.ModelCardError, match="SHA-256 of t.pt is"):
        model_card.load(path)


def test_missing_model_file_and_bad_json_are_named(model_file, tmp_path):
    path = model_file.with_suffix(".json")
    model_card.write(card_for(model_file), path)
    model_file.unlink()
    with pytest.raises(model_card.ModelCardError, match="t.pt is missing"):
        model_card.load(path)
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    with pytest.raises(model_card.ModelCardError, match="bad.json"):
        model_card.load(bad)


@pytest.mark.parametrize("name", ["ercp-ampulla-demo", "ercp-difficulty-demo", "eus-cyst-demo", "ceus-lesion-demo",
                                  "ct-renal-unenhanced-demo", "ct-renal-corticomedullary-demo",
                                  "ct-renal-nephrographic-demo", "ct-renal-excretory-demo", "mri-liver-demo",
                                  "mri-cirrhosis-segmented-demo", "mri-cirrhosis-whole-demo"])
def test_shipped_cards_validate_and_match_their_files(name):
    card = model_card.load(RESOURCES / f"{name}.json")
    assert card["training_data"] == model_card.TRAINING_DATA_STATEMENT
    assert card["metrics"]


def test_shipped_cards_carry_held_out_results_that_meet_the_targets():
    ampulla = json.loads((RESOURCES / "ercp-ampulla-demo.json").read_text())["metrics"]
    assert ampulla["mIoU"] >= 0.70
    assert ampulla["success_iou"]["0.3"] >= 0.95 and ampulla["success_centroid"]["0.05"] >= 0.95
    assert ampulla["false_positive_rate"] <= 0.05
    difficulty = json.loads((RESOURCES / "ercp-difficulty-demo.json").read_text())["metrics"]
    assert difficulty["binary"]["auc"] >= 0.75
    cyst = json.loads((RESOURCES / "eus-cyst-demo.json").read_text())["metrics"]
    assert cyst["accuracy"] >= 0.95 and cyst["auc"] >= 0.98


def test_shipped_ct_and_mri_cards_meet_the_targets():
    """Held-out phantoms from fresh seeds: the corticomedullary phase reads best, above the excretory
    one; the liver U-Net's Dice; both cirrhosis classifiers accurate. (That the segmented one is at
    least as accurate as the whole-slice one is a target the shipped pair does not meet: see the
    README's results, McNemar p = 0.24.)"""
    def metrics_of(name):
        return json.loads((RESOURCES / f"{name}.json").read_text())["metrics"]

    corticomedullary = metrics_of("ct-renal-corticomedullary-demo")
    assert corticomedullary["auc"] >= 0.90
    assert corticomedullary["auc"] > metrics_of("ct-renal-excretory-demo")["auc"]
    for phase in ("unenhanced", "nephrographic", "excretory"):
        assert json.loads((RESOURCES / f"ct-renal-{phase}-demo.json").read_text())["input"]["window"]["units"] == "HU"
    assert metrics_of("mri-liver-demo")["dice"]["mean"] >= 0.95
    for name in ("mri-cirrhosis-segmented-demo", "mri-cirrhosis-whole-demo"):
        assert metrics_of(name)["accuracy"] >= 0.85 and metrics_of(name)["auc"] >= 0.95
