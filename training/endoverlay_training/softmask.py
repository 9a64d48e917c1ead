"""Soft-mask labels for the ampulla (Kim et al. 2021) and the way back to a box.

A box (x, y, w, h) becomes a bivariate Gaussian centred on the box centre with
sigma_x = w / 2 and sigma_y = h / 2, peak 1. At the box edge the Gaussian is
exp(-1/2) ~ 0.607, so keeping pixels above 0.6 of the peak recovers the box.
Pixel (col, row) is sampled at its centre (col + 0.5, row + 0.5).
"""
from dataclasses import dataclass
from typing import Optional, Tuple

import cv2
import numpy as np

BOX_THRESHOLD = 0.6

Box = Tuple[float, float, float, float]


@dataclass(frozen=True)
class MaskDetection:
    box: Box
    score: float
    centroid: Tuple[float, float]


def box_to_mask(box: Box, width: int, height: int) -> np.ndarray:
    x, y, w, h = box
    cx, cy = x + w / 2.0, y + h / 2.0
    sx, sy = max(w / 2.0, 1e-3), max(h / 2.0, 1e-3)
    cols = (np.arange(width, dtype=np.float32) + 0.5 - cx) / sx
    rows = (np.arange(height, dtype=np.float32) + 0.5 - cy) / sy
    return np.exp(-0.5 * (rows[:, None] ** 2 + cols[None, :] ** 2)).astype(np.float32)


def mask_to_box(mask: np.ndarray, threshold: float = BOX_THRESHOLD) -> Optional[MaskDetection]:
    """Peak-normalise, keep pixels above threshold connected to the peak, box them.

    The score is the raw peak, so a caller can hide weak masks; None when the
    mask is empty.
    """
    peak = float(mask.max())
    if not np.isfinite(peak) or peak <= 0.0:
        return None
    peak_row, peak_col = np.unravel_index(int(np.argmax(mask)), mask.shape)
    above = (mask / peak > threshold).astype(np.uint8)
    above[peak_row, peak_col] = 1
    _, labels = cv2.connectedComponents(above, connectivity=8)
    rows, cols = np.nonzero(labels == labels[peak_row, peak_col])
    x0, x1 = float(cols.min()), float(cols.max() + 1)
    y0, y1 = float(rows.min()), float(rows.max() + 1)
    box = (x0, y0, x1 - x0, y1 - y0)
    return MaskDetection(box=box, score=peak, centroid=(x0 + box[2] / 2.0, y0 + box[3] / 2.0))


def scale_box(box: Box, sx: float, sy: float) -> Box:
    x, y, w, h = box
    return (x * sx, y * sy, w * sx, h * sy)
