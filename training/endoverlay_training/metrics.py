"""The papers' measures: ampulla localisation (Kim et al. 2021) and classifier scores.

Definitions are kept plain so that the C++ evaluation can reproduce them:
- boxes are (x, y, w, h) in pixels;
- precision = |pred ∩ gt| / |pred|, recall = |pred ∩ gt| / |gt|;
- centroid distance = ½(|xg − xe| / W + |yg − ye| / H);
- a frame with a ground-truth box but no prediction scores IoU, precision and
  recall 0 and centroid distance 1 (it fails every success threshold);
- AUC is the Mann–Whitney statistic, ties counted one half;
- 95 % intervals are percentile bootstraps over frames.
"""
from typing import Dict, List, Optional, Sequence

import numpy as np
from scipy.stats import chi2, norm, rankdata

from .softmask import Box

IOU_THRESHOLDS = [round(0.1 * i, 1) for i in range(10)]
CENTROID_THRESHOLDS = [round(0.01 * i, 2) for i in range(1, 11)]
MISSING_CENTROID_DISTANCE = 1.0


def intersection(a: Box, b: Box) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def iou(a: Box, b: Box) -> float:
    inter = intersection(a, b)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def precision(pred: Box, gt: Box) -> float:
    area = pred[2] * pred[3]
    return intersection(pred, gt) / area if area > 0 else 0.0


def recall(pred: Box, gt: Box) -> float:
    area = gt[2] * gt[3]
    return intersection(pred, gt) / area if area > 0 else 0.0


def centroid_distance(pred: Box, gt: Box, width: float, height: float) -> float:
    xe, ye = pred[0] + pred[2] / 2, pred[1] + pred[3] / 2
    xg, yg = gt[0] + gt[2] / 2, gt[1] + gt[3] / 2
    return 0.5 * (abs(xg - xe) / width + abs(yg - ye) / height)


def success_rate(values: Sequence[float], threshold: float, higher_is_better: bool) -> float:
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return 0.0
    return float(np.mean(v > threshold if higher_is_better else v < threshold))


def localisation_metrics(preds: Sequence[Optional[Box]], gts: Sequence[Box],
                         width: float, height: float) -> Dict:
    """Frames that have a ground-truth box; preds[i] is None when nothing was found."""
    ious, precs, recs, cds = [], [], [], []
    for pred, gt in zip(preds, gts):
        if pred is None:
            ious.append(0.0), precs.append(0.0), recs.append(0.0)
            cds.append(MISSING_CENTROID_DISTANCE)
            continue
        ious.append(iou(pred, gt))
        precs.append(precision(pred, gt))
        recs.append(recall(pred, gt))
        cds.append(centroid_distance(pred, gt, width, height))
    return {
        "frames": len(gts),
        "missed": sum(p is None for p in preds),
        "mIoU": float(np.mean(ious)),
        "precision": float(np.mean(precs)),
        "recall": float(np.mean(recs)),
        "centroid_distance": float(np.mean(cds)),
        "success_iou": {str(t): success_rate(ious, t, True) for t in IOU_THRESHOLDS},
        "success_centroid": {str(t): success_rate(cds, t, False) for t in CENTROID_THRESHOLDS},
        "per_frame_iou": ious,
        "per_frame_centroid_distance": cds,
    }


def confusion_matrix(labels: Sequence[int], predicted: Sequence[int], classes: int) -> np.ndarray:
    cm = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(labels, dtype=np.int64), np.asarray(predicted, dtype=np.int64)), 1)
    return cm


def binary_auc(positive_scores: Sequence[float], negative_scores: Sequence[float]) -> float:
    pos = np.asarray(positive_scores, dtype=np.float64)
    neg = np.asarray(negative_scores, dtype=np.float64)
    if pos.size == 0 or neg.size == 0:
        return float("nan")
    rank_sum = rankdata(np.concatenate([pos, neg]))[:pos.size].sum()
    return float((rank_sum - pos.size * (pos.size + 1) / 2.0) / (pos.size * neg.size))


def one_vs_rest_auc(labels: np.ndarray, probabilities: np.ndarray, cls: int) -> float:
    return binary_auc(probabilities[labels == cls, cls], probabilities[labels != cls, cls])


def point_metrics(labels: np.ndarray, probabilities: np.ndarray) -> Dict:
    classes = probabilities.shape[1]
    predicted = probabilities.argmax(axis=1)
    cm = confusion_matrix(labels, predicted, classes)
    per_class = []
    for c in range(classes):
        tp = cm[c, c]
        p = tp / cm[:, c].sum() if cm[:, c].sum() else 0.0
        r = tp / cm[c, :].sum() if cm[c, :].sum() else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_class.append({"precision": float(p), "recall": float(r), "f1": float(f1),
                          "auc": one_vs_rest_auc(labels, probabilities, c),
                          "support": int(cm[c, :].sum())})
    aucs = [pc["auc"] for pc in per_class if not np.isnan(pc["auc"])]
    return {
        "accuracy": float(np.trace(cm) / max(cm.sum(), 1)),
        "macro_precision": float(np.mean([pc["precision"] for pc in per_class])),
        "macro_recall": float(np.mean([pc["recall"] for pc in per_class])),
        "macro_f1": float(np.mean([pc["f1"] for pc in per_class])),
        "auc": per_class[1]["auc"] if classes == 2 else float(np.mean(aucs)) if aucs else float("nan"),
        "per_class": per_class,
        "confusion_matrix": cm.tolist(),
    }


BOOTSTRAPPED = ("accuracy", "macro_f1", "auc")
SENSITIVITY_SPECIFICITY = ("sensitivity", "specificity")


def sensitivity_specificity(labels: np.ndarray, probabilities: np.ndarray, positive: int) -> Dict[str, float]:
    """Recall of the positive class and of all the others, at the arg-max operating point (0.5 for two
    classes, where Tong et al. report theirs); NaN when the labels hold no case of one side."""
    said_positive = probabilities.argmax(axis=1) == positive
    is_positive = labels == positive
    return {"sensitivity": float(said_positive[is_positive].mean()) if is_positive.any() else float("nan"),
            "specificity": float((~said_positive[~is_positive]).mean()) if (~is_positive).any() else float("nan")}


def bootstrap_intervals(labels: np.ndarray, probabilities: np.ndarray,
                        resamples: int = 2000, seed: int = 0, positive: Optional[int] = None) -> Dict[str, List[float]]:
    """Percentile 95 % intervals; a resample whose measure is undefined (an AUC without one of the
    classes) is left out of that one. With `positive`, sensitivity and specificity too, from the same
    resamples."""
    rng = np.random.default_rng(seed)
    n = labels.size
    names = BOOTSTRAPPED + (SENSITIVITY_SPECIFICITY if positive is not None else ())
    values: Dict[str, List[float]] = {name: [] for name in names}
    for _ in range(resamples):
        idx = rng.integers(0, n, n)
        sample = point_metrics(labels[idx], probabilities[idx])
        if positive is not None:
            sample.update(sensitivity_specificity(labels[idx], probabilities[idx], positive))
        for name in names:
            if not np.isnan(sample[name]):
                values[name].append(sample[name])
    return {name: [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))] if v else [float("nan")] * 2
            for name, v in values.items()}


def classification_metrics(labels: Sequence[int], probabilities: np.ndarray, class_names: Sequence[str],
                           resamples: int = 2000, positive: Optional[int] = None) -> Dict:
    """The point measures and their intervals; `positive` (a class index) adds sensitivity and specificity."""
    labels = np.asarray(labels, dtype=np.int64)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    result = point_metrics(labels, probabilities)
    if positive is not None:
        result.update(sensitivity_specificity(labels, probabilities, positive))
        result["positive_class"] = class_names[positive]
    result["classes"] = list(class_names)
    result["samples"] = int(labels.size)
    result["ci95"] = bootstrap_intervals(labels, probabilities, resamples, positive=positive)
    return result


def youden_cutoff(labels: np.ndarray, scores: np.ndarray, positive: int) -> float:
    """The score at or above which a case is called positive that maximises Youden's J (sensitivity +
    specificity − 1): the ROC's optimal cut-off, as Tanaka et al. chose theirs."""
    is_positive = np.asarray(labels) == positive
    if is_positive.all() or not is_positive.any():
        raise ValueError("a cut-off needs cases of both classes")
    scores = np.asarray(scores, dtype=np.float64)
    best, best_j = 0.5, -np.inf
    for cutoff in np.unique(scores):
        said = scores >= cutoff
        j = said[is_positive].mean() + (~said[~is_positive]).mean() - 1
        if j > best_j:
            best, best_j = float(cutoff), j
    return best


def accuracy_at(labels: np.ndarray, scores: np.ndarray, positive: int, cutoff: float,
                resamples: int = 2000, seed: int = 0) -> Dict:
    """Accuracy, sensitivity and specificity when scores ≥ `cutoff` say `positive`, with percentile
    bootstrap intervals of the accuracy."""
    labels, scores = np.asarray(labels), np.asarray(scores, dtype=np.float64)
    right = (scores >= cutoff) == (labels == positive)
    rng = np.random.default_rng(seed)
    boot = [right[rng.integers(0, right.size, right.size)].mean() for _ in range(resamples)]
    is_positive = labels == positive
    return {"cutoff": float(cutoff), "accuracy": float(right.mean()),
            "sensitivity": float(right[is_positive].mean()) if is_positive.any() else float("nan"),
            "specificity": float(right[~is_positive].mean()) if (~is_positive).any() else float("nan"),
            "accuracy_ci95": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))]}


def delong_paired(labels: np.ndarray, scores_a: np.ndarray, scores_b: np.ndarray, positive: int) -> Dict:
    """DeLong et al. (1988): two correlated AUCs on the same cases, their difference, its standard error
    from the structural components, and the two-sided p-value of the difference (normal approximation)."""
    is_positive = np.asarray(labels) == positive
    if min(is_positive.sum(), (~is_positive).sum()) < 2:
        raise ValueError("DeLong's test needs two cases of each class at least")
    components = []
    for scores in (np.asarray(scores_a, dtype=np.float64), np.asarray(scores_b, dtype=np.float64)):
        pos, neg = scores[is_positive], scores[~is_positive]
        # psi(x, y) = 1 if x > y, ½ if equal: each positive's share of negatives below it, and the reverse.
        psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
        components.append((psi.mean(axis=1), psi.mean(axis=0), psi.mean()))
    (v10a, v01a, auc_a), (v10b, v01b, auc_b) = components
    s10 = np.cov(np.stack([v10a, v10b]))
    s01 = np.cov(np.stack([v01a, v01b]))
    covariance = s10 / v10a.size + s01 / v01a.size
    variance = covariance[0, 0] + covariance[1, 1] - 2 * covariance[0, 1]
    difference = auc_a - auc_b
    if variance <= 0:
        p = 1.0 if difference == 0 else 0.0
        se = 0.0
    else:
        se = float(np.sqrt(variance))
        p = float(2 * norm.sf(abs(difference) / se))
    return {"auc_a": float(auc_a), "auc_b": float(auc_b), "difference": float(difference),
            "standard_error": se, "p_value": p}


def dice(predicted: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Per-image Dice, 2|P∩T| / (|P| + |T|), of stacks of 0/1 masks; 1 where both are empty."""
    p = predicted.reshape(len(predicted), -1) > 0
    t = truth.reshape(len(truth), -1) > 0
    both = p.sum(axis=1) + t.sum(axis=1)
    return np.where(both == 0, 1.0, 2 * (p & t).sum(axis=1) / np.maximum(both, 1))


def mean_with_interval(values: np.ndarray, resamples: int = 2000, seed: int = 0) -> Dict:
    values = np.asarray(values, dtype=np.float64)
    rng = np.random.default_rng(seed)
    boot = [values[rng.integers(0, values.size, values.size)].mean() for _ in range(resamples)]
    return {"mean": float(values.mean()), "ci95": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
            "minimum": float(values.min()), "samples": int(values.size)}


def mcnemar(right_a: np.ndarray, right_b: np.ndarray) -> Dict:
    """McNemar's χ² test (with continuity correction) of two classifiers' accuracies on the same cases:
    only the cases where one is right and the other wrong count."""
    right_a, right_b = np.asarray(right_a, bool), np.asarray(right_b, bool)
    only_a, only_b = int((right_a & ~right_b).sum()), int((~right_a & right_b).sum())
    if only_a + only_b == 0:
        return {"only_a_right": 0, "only_b_right": 0, "chi2": 0.0, "p_value": 1.0}
    statistic = (abs(only_a - only_b) - 1) ** 2 / (only_a + only_b)
    return {"only_a_right": only_a, "only_b_right": only_b, "chi2": float(statistic),
            "p_value": float(chi2.sf(statistic, 1))}
