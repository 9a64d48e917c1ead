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


def test_youden_cutoff_and_accuracy_at_it():
    labels = np.array([0, 0, 0, 0, 1, 1, 1])                 # class 0 positive, as malignant is
    scores = np.array([0.9, 0.8, 0.7, 0.3, 0.5, 0.2, 0.1])   # P(positive)
    cutoff = metrics.youden_cutoff(labels, scores, positive=0)
    assert cutoff == 0.7                                     # J = 3/4 + 1 − 1; at 0.3, 1 + 2/3 − 1
    result = metrics.accuracy_at(labels, scores, 0, cutoff, resamples=200)
    assert result["accuracy"] == pytest.approx(6 / 7)
    assert result["sensitivity"] == pytest.approx(3 / 4) and result["specificity"] == 1.0
    assert result["accuracy_ci95"][0] <= 6 / 7 <= result["accuracy_ci95"][1]


def test_delong_matches_a_paired_bootstrap_and_is_one_for_the_same_scores():
    rng = np.random.default_rng(3)
    labels = (rng.random(300) < 0.7).astype(int)
    signal = np.where(labels == 0, 1.0, 0.0)
    a = signal * 1.2 + rng.normal(0, 1, 300)
    b = signal * 0.7 + 0.6 * (a - signal * 1.2) + rng.normal(0, 0.8, 300)
    result = metrics.delong_paired(labels, a, b, positive=0)
    auc = lambda s, i: metrics.binary_auc(s[i][labels[i] == 0], s[i][labels[i] == 1])  # noqa: E731
    assert result["auc_a"] == pytest.approx(auc(a, np.arange(300)))
    differences = []
    for _ in range(1000):
        i = rng.integers(0, 300, 300)
        differences.append(auc(a, i) - auc(b, i))
    assert result["standard_error"] == pytest.approx(np.std(differences), rel=0.15)
    assert 0 < result["p_value"] < 0.05
    same = metrics.delong_paired(labels, a, a, positive=0)
    assert same["difference"] == 0 and same["p_value"] == 1.0


def test_dice_and_mcnemar_on_hand_counted_cases():
    a = np.zeros((2, 4, 4), np.uint8)
    b = np.zeros((2, 4, 4), np.uint8)
    a[0, :2, :2], b[0, :2, :3] = 1, 1                   # 4 and 6 pixels, 4 shared
    assert list(metrics.dice(a, b)) == [pytest.approx(0.8), 1.0]   # the second: both empty
    right_a = np.array([1, 1, 1, 1, 1, 0, 1, 1, 1, 1], bool)
    right_b = np.array([1, 0, 0, 0, 1, 1, 0, 1, 1, 1], bool)
    result = metrics.mcnemar(right_a, right_b)
    assert (result["only_a_right"], result["only_b_right"]) == (4, 1)
    assert result["chi2"] == pytest.approx((3 - 1) ** 2 / 5)
    assert metrics.mcnemar(right_a, right_a)["p_value"] == 1.0
    interval = metrics.mean_with_interval(np.array([0.9, 0.95, 1.0]), resamples=200)
    assert interval["mean"] == pytest.approx(0.95) and interval["ci95"][0] <= 0.95 <= interval["ci95"][1]
