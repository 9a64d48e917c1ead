"""A scope's view of a larger scene: zoom, rotation and a centre, as one affine map.

Scenes are drawn once on a canvas in scene pixels; a frame is the canvas seen
through a Camera, so a clip is a camera path over one fixed scene and still
frames are one random camera over one random scene.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

import cv2
import numpy as np

from .softmask import Box


@dataclass(frozen=True)
class Camera:
    centre_x: float   # scene point shown at the frame centre
    centre_y: float
    zoom: float       # frame pixels per scene pixel
    angle_deg: float  # rotation of the view

    def matrix(self, width: int, height: int) -> np.ndarray:
        """2x3 map from scene to frame pixels."""
        m = cv2.getRotationMatrix2D((self.centre_x, self.centre_y), self.angle_deg, self.zoom)
        m[0, 2] += width / 2.0 - self.centre_x
        m[1, 2] += height / 2.0 - self.centre_y
        return m

    def view(self, canvas: np.ndarray, width: int, height: int) -> np.ndarray:
        return cv2.warpAffine(canvas, self.matrix(width, height), (width, height),
                              flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)

    def project_points(self, points: np.ndarray, width: int, height: int) -> np.ndarray:
        m = self.matrix(width, height)
        return points @ m[:, :2].T + m[:, 2]


def ellipse_points(cx: float, cy: float, rx: float, ry: float, angle_deg: float, n: int = 48) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    a = np.deg2rad(angle_deg)
    x, y = rx * np.cos(t), ry * np.sin(t)
    return np.stack([cx + x * np.cos(a) - y * np.sin(a), cy + x * np.sin(a) + y * np.cos(a)], axis=1)


def bounding_box(points: np.ndarray) -> Box:
    x0, y0 = points.min(axis=0)
    x1, y1 = points.max(axis=0)
    return (float(x0), float(y0), float(x1 - x0), float(y1 - y0))


def visible_box(points: np.ndarray, width: int, height: int, min_visible: float = 0.6) -> Optional[Box]:
    """The box clipped to the frame, or None when too little of it is in view."""
    x, y, w, h = bounding_box(points)
    x0, y0 = max(x, 0.0), max(y, 0.0)
    x1, y1 = min(x + w, float(width)), min(y + h, float(height))
    if x1 <= x0 or y1 <= y0 or (x1 - x0) * (y1 - y0) < min_visible * w * h:
        return None
    return (x0, y0, x1 - x0, y1 - y0)


def smooth_noise(rng: np.random.Generator, shape: Tuple[int, int], sigma: float) -> np.ndarray:
    """Zero-mean, unit-std noise with features about `sigma` pixels across."""
    small = (max(4, int(shape[0] / sigma * 2)), max(4, int(shape[1] / sigma * 2)))
    grid = cv2.GaussianBlur(rng.standard_normal(small).astype(np.float32), (0, 0), 1.0)
    field = cv2.resize(grid, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    return (field - field.mean()) / (field.std() + 1e-6)
