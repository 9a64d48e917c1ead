"""Held-out evaluation with the papers' measures, and the success-curve plots."""
from pathlib import Path
from typing import Dict, Optional, Sequence

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from . import metrics  # noqa: E402
from .datasets import Sample  # noqa: E402
from .train import boxes_in_frame, predict_masks, predict_probabilities  # noqa: E402

DIFFICULTY_BINARY = ("easy", "difficult")


def peaks(masks: np.ndarray) -> np.ndarray:
    return masks.reshape(len(masks), -1).max(axis=1) if len(masks) else np.zeros(0)


def display_threshold(model, validation: Sequence[Sample], quantile: float = 0.99, floor: float = 0.5) -> float:
    """The lowest peak that hides the mask on `quantile` of validation frames without a papilla."""
    negatives = [s for s in validation if s.box is None]
    return float(max(floor, np.quantile(peaks(predict_masks(model, negatives)), quantile)))


def evaluate_ampulla(model, test: Sequence[Sample], frame_size, threshold: float) -> Dict:
    positives = [s for s in test if s.box is not None]
    negatives = [s for s in test if s.box is None]
    pos_masks = predict_masks(model, positives)
    result = metrics.localisation_metrics(boxes_in_frame(pos_masks, *frame_size),
                                          [s.frame_box for s in positives], *frame_size)
    neg_peaks = peaks(predict_masks(model, negatives))
    result["display_threshold"] = threshold
    result["frames_without_papilla"] = len(negatives)
    result["false_positive_rate"] = float(np.mean(neg_peaks >= threshold))
    result["miss_rate"] = float(np.mean(peaks(pos_masks) < threshold))
    return result


def evaluate_difficulty(model, test: Sequence[Sample], class_names: Sequence[str], resamples: int = 2000) -> Dict:
    samples = [s for s in test if s.label >= 0]
    labels = np.array([s.label for s in samples])
    probabilities = predict_probabilities(model, samples)
    four = metrics.classification_metrics(labels, probabilities, class_names, resamples)
    binary_probs = np.stack([probabilities[:, 0], 1.0 - probabilities[:, 0]], axis=1)
    binary = metrics.classification_metrics((labels != 0).astype(int), binary_probs, DIFFICULTY_BINARY, resamples)
    return {"four_class": four, "binary": binary}


def evaluate_classifier(model, test: Sequence[Sample], class_names: Sequence[str], resamples: int = 2000,
                        positive: Optional[int] = None) -> Dict:
    """Cyst type, CEUS lesion type: the labelled samples' measures; `positive` (PDAC for CEUS) adds
    sensitivity and specificity with their intervals."""
    samples = [s for s in test if s.label >= 0]
    labels = np.array([s.label for s in samples])
    return metrics.classification_metrics(labels, predict_probabilities(model, samples), class_names, resamples,
                                          positive)


def plot_success(result: Dict, path: Path) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    iou = result["success_iou"]
    axes[0].plot([float(t) for t in iou], [100 * v for v in iou.values()], "o-")
    axes[0].set(xlabel="IoU threshold", ylabel="success rate (%)", title="Success plot: IoU", ylim=(0, 101))
    cd = result["success_centroid"]
    axes[1].plot([float(t) for t in cd], [100 * v for v in cd.values()], "o-", color="tab:orange")
    axes[1].set(xlabel="centroid distance threshold", ylabel="success rate (%)", title="Success plot: centroid",
                ylim=(0, 101))
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.suptitle(f"Ampulla, held-out phantoms (n={result['frames']}): mIoU {result['mIoU']:.3f}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
