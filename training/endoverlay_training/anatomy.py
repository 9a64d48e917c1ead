"""Shapes and noise the cross-sectional phantoms (CT, MRI) build their slices from: axial sections of
ellipsoids in millimetres, and smooth noise seeded by place, so that the same tissue looks the same
in every phase and every slice through it is its own."""
from dataclasses import dataclass
from typing import Tuple

import cv2
import numpy as np


@dataclass(frozen=True)
class Ellipsoid:
    centre: Tuple[float, float, float]      # x (to the patient's left), y (to the back), z (to the head), mm
    radii: Tuple[float, float, float]
    angle_deg: float = 0.0                  # in the axial plane

    def section(self, x: np.ndarray, y: np.ndarray, z: float, scale: float = 1.0) -> np.ndarray:
        """Where the axial plane at `z` cuts the ellipsoid (grown by `scale`): a boolean mask."""
        rx, ry, rz = (r * scale for r in self.radii)
        dz = (z - self.centre[2]) / rz
        if abs(dz) >= 1:
            return np.zeros(x.shape, bool)
        shrink = np.sqrt(1 - dz * dz)
        a = np.deg2rad(self.angle_deg)
        u = (x - self.centre[0]) * np.cos(a) + (y - self.centre[1]) * np.sin(a)
        v = -(x - self.centre[0]) * np.sin(a) + (y - self.centre[1]) * np.cos(a)
        return (u / (rx * shrink)) ** 2 + (v / (ry * shrink)) ** 2 < 1


def axial_grid(size: int, pixel_mm: float) -> Tuple[np.ndarray, np.ndarray]:
    """Pixel centres in mm, x to the patient's left (the image's right), y to the back (down)."""
    coords = (np.arange(size, dtype=np.float32) - (size - 1) / 2) * pixel_mm
    return np.meshgrid(coords, coords)


def tenth_mm(z_mm: float) -> int:
    """A position as a seed entry: whole tenths of a millimetre, kept positive."""
    return int(round(z_mm * 10)) + 1_000_000


def smooth_field(seed, size: int, sigma_px: float) -> np.ndarray:
    """Unit-SD smooth noise from `seed` (an int or a list of them)."""
    rng = np.random.default_rng(seed)
    field = cv2.GaussianBlur(rng.standard_normal((size, size)).astype(np.float32), (0, 0), sigma_px)
    return field / max(float(field.std()), 1e-6)
