"""The region of interest the difficulty head sees: a square around the ampulla box.

The box comes from the ampulla head in the app and from the label here; the
square is centred on the box with a side of SCALE × its longer edge, filled
with black where it leaves the frame, and resized with area interpolation.
"""
from typing import Tuple

import cv2
import numpy as np

from .softmask import Box

SCALE = 3.0
SIZE = 96


def papilla_region(image: np.ndarray, box: Box, scale: float = SCALE, size: int = SIZE) -> np.ndarray:
    x, y, w, h = box
    side = max(int(round(scale * max(w, h))), 1)
    x0, y0 = int(round(x + w / 2 - side / 2)), int(round(y + h / 2 - side / 2))
    region = np.zeros((side, side) + image.shape[2:], image.dtype)
    fx0, fy0 = max(x0, 0), max(y0, 0)
    fx1, fy1 = min(x0 + side, image.shape[1]), min(y0 + side, image.shape[0])
    if fx1 > fx0 and fy1 > fy0:
        region[fy0 - y0:fy1 - y0, fx0 - x0:fx1 - x0] = image[fy0:fy1, fx0:fx1]
    return cv2.resize(region, (size, size), interpolation=cv2.INTER_AREA)


def jittered(rng: np.random.Generator, box: Box, amount: float) -> Box:
    """The box moved and resized by up to `amount` of its size, as a detector's error would."""
    x, y, w, h = box
    cx = x + w / 2 + rng.uniform(-amount, amount) * w
    cy = y + h / 2 + rng.uniform(-amount, amount) * h
    w2, h2 = w * (1 + rng.uniform(-amount, amount)), h * (1 + rng.uniform(-amount, amount))
    return (cx - w2 / 2, cy - h2 / 2, w2, h2)


def region_size() -> Tuple[int, int]:
    return (SIZE, SIZE)
