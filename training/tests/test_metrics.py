import numpy as np
import pytest

from endoverlay_training import metrics


def test_box_measures_against_hand_computed_values():
    pred, gt = (0, 0, 10, 10), (5, 0, 10, 10)
    assert metrics.intersection(pred, gt) == 50
    assert metrics.iou(pred, gt) == pytest.approx(50 / 150)
    assert metrics.precision((0, 0, 10, 10), (0, 0, 5, 10)) == pytest.approx(0.5)
    assert metrics.recall((0, 0, 10, 10), (0, 0, 5, 10)) == pytest.approx(1.0)
    # centres (5, 5) and (10, 5) in a 100 x 50 image: ½(5/100 + 0/50)
    assert metrics.centroid_distance(pred, gt, 100, 50) == pytest.approx(0.025)
    assert metrics.iou((0, 0, 1, 1), (2, 2, 1, 1)) == 0.0


def test_localisation_counts_a_missed_frame_as_a_failure():
    gts = [(0, 0, 10, 10), (0, 0, 10, 10)]
    result = metrics.localisation_metrics([(0, 0, 10, 10), None], gts, 100, 100)
    assert result["mIoU"] == pytest.approx(0.5)
    assert result["missed"] == 1
    assert result["success_iou"]["0.3"] == pytest.approx(0.5)
    assert result["success_centroid"]["0.05"] == pytest.approx(0.5)
    assert result["centroid_distance"] == pytest.approx(0.5)


def test_auc_by_hand_with_ties():
    # pairs (pos, neg): (0.9>0.1) (0.9>0.4) (0.4=0.4 → ½) (0.4>0.1) → 3.5 / 4
    assert metrics.binary_auc([0.9, 0.4], [0.1, 0.4]) == pytest.approx(0.875)
    assert metrics.binary_auc([1.0], [0.0]) == 1.0
    assert np.isnan(metrics.binary_auc([], [0.5]))


def test_classification_metrics_by_hand():
    labels = np.array([0, 0, 1, 1, 1])
    probs = np.array([[0.8, 0.2], [0.4, 0.6], [0.3, 0.7], [0.6, 0.4], [0.1, 0.9]])
    m = metrics.point_metrics(labels, probs)
    assert m["confusion_matrix"] == [[1, 1], [1, 2]]
    assert m["accuracy"] == pytest.approx(3 / 5)
    assert m["per_class"][1]["precision"] == pytest.approx(2 / 3)
    assert m["per_class"][1]["recall"] == pytest.approx(2 / 3)
    assert m["per_class"][0]["f1"] == pytest.approx(0.5)
    assert m["macro_f1"] == pytest.approx((0.5 + 2 / 3) / 2)
    # P(class 1) for positives 0.7, 0.4, 0.9 against negatives 0.2, 0.6: 5 of 6 pairs ordered.
    assert m["auc"] == pytest.approx(5 / 6)


def test_bootstrap_interval_brackets_the_estimate_and_is_seeded():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 2, 300)
    p1 = np.clip(labels * 0.3 + rng.random(300) * 0.7, 0, 1)
    probs = np.stack([1 - p1, p1], axis=1)
    a = metrics.classification_metrics(labels, probs, ["a", "b"], resamples=200)
    b = metrics.classification_metrics(labels, probs, ["a", "b"], resamples=200)
    assert a["ci95"] == b["ci95"]
    for name in ("accuracy", "auc", "macro_f1"):
        lo, hi = a["ci95"][name]
        assert lo <= a[name] <= hi
        assert hi - lo < 0.2


def test_sensitivity_and_specificity_of_the_positive_class():
    labels = np.array([0, 0, 0, 1, 1])
    probabilities = np.array([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.3, 0.7], [0.7, 0.3]])
    m = metrics.sensitivity_specificity(labels, probabilities, positive=0)
    assert m == {"sensitivity": pytest.approx(2 / 3), "specificity": pytest.approx(1 / 2)}
    full = metrics.classification_metrics(labels, probabilities, ["PDAC", "CP"], resamples=50, positive=0)
    assert full["sensitivity"] == pytest.approx(2 / 3) and full["positive_class"] == "PDAC"
    assert set(full["ci95"]) == {"accuracy", "macro_f1", "auc", "sensitivity", "specificity"}
    lo, hi = full["ci95"]["specificity"]
    assert 0 <= lo <= hi <= 1
    plain = metrics.classification_metrics(labels, probabilities, ["PDAC", "CP"], resamples=50)
    assert "sensitivity" not in plain and set(plain["ci95"]) == {"accuracy", "macro_f1", "auc"}
    assert plain["ci95"] == {k: full["ci95"][k] for k in plain["ci95"]}
