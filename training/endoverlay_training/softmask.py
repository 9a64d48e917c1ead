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


def _reach(inside: np.ndarray, outside: np.ndarray, threshold: float) -> np.ndarray:
    """How far past a region pixel's centre, toward its neighbour outside, the mask falls to the threshold
    (0..1 pixel, linear interpolation): where a bilinear resize of the mask would put the region's edge."""
    inside = inside.astype(np.float64)
    outside = outside.astype(np.float64)
    reach = np.zeros_like(inside)
    falls = inside > outside
    reach[falls] = np.clip((inside[falls] - threshold) / (inside[falls] - outside[falls]), 0.0, 1.0)
    return reach


def _frame_pixels(start: float, stop: float, scale: float, length: int) -> Tuple[float, float]:
    """The frame pixels whose centres lie within [start, stop) model pixels: what a search of the mask resized
    to the frame keeps; at least the pixel under the middle. Returns (first, count)."""
    first = max(0.0, float(np.ceil(start * scale - 0.5)))
    end = min(float(length), float(np.floor(stop * scale - 0.5)) + 1.0)
    if end <= first:
        first = float(np.clip(np.floor((start + stop) / 2.0 * scale), 0.0, length - 1.0))
        end = first + 1.0
    return first, end - first


def mask_to_box(mask: np.ndarray, threshold: float = BOX_THRESHOLD,
                frame_size: Optional[Tuple[int, int]] = None) -> Optional[MaskDetection]:
    """Peak-normalise, keep pixels above threshold connected to the peak, box them.

    Works at the mask's own resolution and maps only the box onto a frame of
    frame_size (width, height; default the mask's size): each edge lies where
    the mask crosses the threshold between a region pixel and its neighbour,
    and the box holds the frame pixels whose centres lie inside, as searching
    the mask resized to the frame would find them (to within a model pixel).
    The same steps as core/analysis/AmpullaMask.cpp. The score is the raw
    peak, so a caller can hide weak masks; None when the mask is empty.
    """
    peak = float(mask.max())
    if not np.isfinite(peak) or peak <= 0.0:
        return None
    height, width = mask.shape
    frame_w, frame_h = frame_size if frame_size is not None else (width, height)
    level = threshold * peak
    peak_row, peak_col = np.unravel_index(int(np.argmax(mask)), mask.shape)
    above = (mask > np.float32(level)).astype(np.uint8)
    above[peak_row, peak_col] = 1
    _, labels = cv2.connectedComponents(above, connectivity=8)
    region = labels == labels[peak_row, peak_col]

    rows, cols = np.nonzero(region & ~np.pad(region, ((0, 0), (1, 0)))[:, :-1])  # no region pixel to the left
    x_from = min(0.0 if c == 0 else c + 0.5 - r for r, c in
                 zip(_reach(mask[rows, cols], mask[rows, np.maximum(cols - 1, 0)], level), cols))
    rows, cols = np.nonzero(region & ~np.pad(region, ((0, 0), (0, 1)))[:, 1:])  # none to the right
    x_to = max(float(width) if c == width - 1 else c + 0.5 + r for r, c in
               zip(_reach(mask[rows, cols], mask[rows, np.minimum(cols + 1, width - 1)], level), cols))
    rows, cols = np.nonzero(region & ~np.pad(region, ((1, 0), (0, 0)))[:-1, :])  # none above
    y_from = min(0.0 if r == 0 else r + 0.5 - d for d, r in
                 zip(_reach(mask[rows, cols], mask[np.maximum(rows - 1, 0), cols], level), rows))
    rows, cols = np.nonzero(region & ~np.pad(region, ((0, 1), (0, 0)))[1:, :])  # none below
    y_to = max(float(height) if r == height - 1 else r + 0.5 + d for d, r in
               zip(_reach(mask[rows, cols], mask[np.minimum(rows + 1, height - 1), cols], level), rows))

    x0, w = _frame_pixels(x_from, x_to, frame_w / width, frame_w)
    y0, h = _frame_pixels(y_from, y_to, frame_h / height, frame_h)
    return MaskDetection(box=(x0, y0, w, h), score=peak, centroid=(x0 + w / 2.0, y0 + h / 2.0))


def scale_box(box: Box, sx: float, sy: float) -> Box:
    x, y, w, h = box
    return (x * sx, y * sy, w * sx, h * sy)
