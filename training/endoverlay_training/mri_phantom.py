"""Synthetic T2-weighted axial MRI of the upper abdomen at the level of the caudate lobe, with the
liver's mask: a cirrhotic liver or a normal one (after the liver cirrhosis study in the seeds, which
segmented the liver with a U-Net and classified the segmented slice with a ResNet50).

The slice holds the liver (right and left lobes, caudate lobe, the fissure of the ligamentum
venosum), the inferior vena cava and aorta as flow voids, spine, back muscles, spleen, stomach,
bowel, the upper pole of the right kidney and sometimes the gallbladder; fat is bright, as on fast
spin echo T2. Cirrhosis is a stage from mild to advanced that drives:
- a nodular liver surface;
- caudate hypertrophy, right-lobe atrophy, a wider fissure;
- heterogeneous parenchyma: a reticular network of bright fibrosis around darker regenerative nodules.
Normal livers may be mildly lobulated and patchy, so that early cirrhosis and normal livers
overlap. What lies outside the liver (spleen size, stomach and bowel contents, the gallbladder,
the coil's shading, motion ghosts, the scanner's scale) varies as much in both classes: it tells
nothing, but a classifier that sees the whole slice can be fooled by it. The mask is the liver's
parenchyma, its small vessels included, the fissure, vena cava and portal vein excluded.
The share of cirrhosis is the study's (553 of 713). Deterministic per seed.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .anatomy import Ellipsoid, axial_grid, smooth_field, tenth_mm
from .dicom_cine import Identity
from .dicom_series import Series, write_series

CLASSES = ("cirrhosis", "normal")           # class 0 is the study's positive
CIRRHOSIS_FRACTION = 553 / 713
SLICE_SIZE = 256
PIXEL_MM = 1.5
SLICE_MM = 6.0
SLICES = 9                                  # the caudate level is the middle one
SIGNAL = {"fat": 480.0, "muscle": 110.0, "liver": 170.0, "spleen": 360.0, "kidney": 330.0, "fluid": 900.0,
          "marrow": 300.0, "flow_void": 30.0, "bowel_wall": 200.0}
T2_WINDOW = (450.0, 900.0)                  # centre, width


@dataclass(frozen=True)
class Liver:
    right: Ellipsoid
    left: Ellipsoid
    caudate: Ellipsoid
    fissure_px: float                       # width of the fissure of the ligamentum venosum
    nodularity_px: float                    # amplitude of the surface's bumps
    fibrosis: float                         # 0 (none) to 1 (advanced)
    nodule_px: float                        # size of the regenerative nodules
    signal: float
    veins: Tuple[Tuple[float, float, float], ...]   # hepatic veins: x, y, radius (mm)


@dataclass(frozen=True)
class MriStudy:
    seed: int
    cirrhotic: bool
    stage: float                            # 0 to 1; normal livers below about 0.15
    liver: Liver
    spleen: Ellipsoid
    stomach: Tuple[Ellipsoid, float]        # and what it holds
    bowel: Tuple[Tuple[Ellipsoid, float], ...]
    gallbladder: Optional[Ellipsoid]
    kidney: Ellipsoid
    scale: float                            # the scanner's signal scale
    shading: Tuple[float, float, float]     # the coil's: strength, direction (rad), offset
    ghost: float                            # motion ghost's strength
    noise: float
    slice_z: Tuple[float, ...]

    @property
    def label(self) -> int:
        return CLASSES.index("cirrhosis" if self.cirrhotic else "normal")

    def caudate_slice(self) -> int:
        return SLICES // 2


def make_study(seed: int, cirrhotic: Optional[bool] = None) -> MriStudy:
    rng = np.random.default_rng(seed)
    if cirrhotic is None:
        cirrhotic = bool(rng.random() < CIRRHOSIS_FRACTION)
    stage = rng.uniform(0.22, 1.0) if cirrhotic else rng.uniform(0.0, 0.15)
    atrophy = 1 - 0.3 * stage * rng.uniform(0.6, 1.0)
    hypertrophy = 1 + 0.75 * stage * rng.uniform(0.6, 1.0)
    liver = Liver(
        right=Ellipsoid((-72 + 0.4 * 72 * (1 - atrophy), rng.uniform(-12, 0), rng.uniform(5, 20)),
                        (72 * atrophy * rng.uniform(0.92, 1.08), 80 * atrophy * rng.uniform(0.92, 1.08), 110),
                        rng.uniform(-8, 8)),
        left=Ellipsoid((rng.uniform(8, 22), rng.uniform(-62, -50), rng.uniform(0, 15)),
                       (58 * rng.uniform(0.85, 1.15) * (1 + 0.2 * stage), 26 * rng.uniform(0.85, 1.15), 60),
                       rng.uniform(-22, -8)),
        caudate=Ellipsoid((-14 + rng.uniform(-3, 3), 14 + rng.uniform(-3, 3), 0),
                          (15 * hypertrophy, 20 * hypertrophy, 28), rng.uniform(10, 30)),
        fissure_px=1.5 + 4.0 * stage * rng.uniform(0.5, 1.0),
        nodularity_px=(0.3 if not cirrhotic else 0.6) + 2.6 * stage * rng.uniform(0.5, 1.0),
        fibrosis=stage * rng.uniform(0.6, 1.0),
        nodule_px=rng.uniform(2.5, 5.0),
        signal=SIGNAL["liver"] * rng.uniform(0.85, 1.15),
        veins=tuple((float(rng.uniform(-100, 10)), float(rng.uniform(-60, 30)), float(rng.uniform(2, 5)))
                    for _ in range(int(rng.integers(4, 9)))))
    spleen_size = rng.uniform(0.7, 1.3)
    spleen = Ellipsoid((rng.uniform(92, 108), rng.uniform(20, 45), rng.uniform(-10, 10)),
                       (24 * spleen_size, 50 * spleen_size, 60), rng.uniform(-40, -20))
    stomach = (Ellipsoid((rng.uniform(45, 70), rng.uniform(-50, -30), rng.uniform(0, 20)),
                         (rng.uniform(25, 42), rng.uniform(20, 32), 50), rng.uniform(-30, 30)),
               float(rng.choice([SIGNAL["fluid"], 40.0, 500.0])))
    bowel = tuple((Ellipsoid((rng.uniform(-60, 80), rng.uniform(-95, -60), rng.uniform(-30, 30)),
                             (rng.uniform(10, 18), rng.uniform(8, 14), 30), rng.uniform(0, 180)),
                   float(rng.choice([SIGNAL["fluid"], 40.0, 300.0]))) for _ in range(int(rng.integers(1, 4))))
    gallbladder = (Ellipsoid((rng.uniform(-45, -25), rng.uniform(-50, -30), rng.uniform(-30, -10)),
                             (rng.uniform(10, 16), rng.uniform(18, 28), 35), rng.uniform(-30, 30))
                   if rng.random() < 0.4 else None)
    kidney = Ellipsoid((-rng.uniform(55, 70), rng.uniform(55, 68), -rng.uniform(42, 55)), (28, 22, 55), 25)
    first = -SLICE_MM * (SLICES // 2) + rng.uniform(-1, 1)
    return MriStudy(seed, cirrhotic, float(stage), liver, spleen, stomach, bowel, gallbladder, kidney,
                    scale=float(rng.uniform(0.7, 1.4)),
                    shading=(float(rng.uniform(0.05, 0.3)), float(rng.uniform(0, 2 * np.pi)), float(rng.uniform(-0.1, 0.1))),
                    ghost=float(rng.uniform(0.03, 0.1)) if rng.random() < 0.3 else 0.0,
                    noise=float(rng.uniform(8, 16)),
                    slice_z=tuple(round(first + SLICE_MM * i, 2) for i in range(SLICES)))


def grid() -> Tuple[np.ndarray, np.ndarray]:
    return axial_grid(SLICE_SIZE, PIXEL_MM)


def fissure(liver: Liver, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The fissure of the ligamentum venosum: a fat line between the caudate and the left lobe."""
    line = np.zeros(x.shape, np.uint8)
    cx, cy = liver.caudate.centre[0], liver.caudate.centre[1]
    start = ((cx + 2) / PIXEL_MM + (SLICE_SIZE - 1) / 2, (cy - 22) / PIXEL_MM + (SLICE_SIZE - 1) / 2)
    end = ((cx + 40) / PIXEL_MM + (SLICE_SIZE - 1) / 2, (cy - 34) / PIXEL_MM + (SLICE_SIZE - 1) / 2)
    cv2.line(line, tuple(int(round(v)) for v in start), tuple(int(round(v)) for v in end), 1,
             max(1, int(round(liver.fissure_px))))
    return line.astype(bool)


def liver_mask(study: MriStudy, z_mm: float) -> np.ndarray:
    """The liver's parenchyma on the slice at `z_mm`: a boolean mask."""
    x, y = grid()
    liver = study.liver
    lobes = liver.right.section(x, y, z_mm) | liver.left.section(x, y, z_mm) | liver.caudate.section(x, y, z_mm)
    if not lobes.any():
        return lobes
    inside = cv2.distanceTransform(lobes.astype(np.uint8), cv2.DIST_L2, 5)
    outside = cv2.distanceTransform((~lobes).astype(np.uint8), cv2.DIST_L2, 5)
    bumps = smooth_field([study.seed, 1, tenth_mm(z_mm)], SLICE_SIZE, 2.5)
    mask = (inside - outside + liver.nodularity_px * bumps) > 0
    mask &= ~fissure(liver, x, y) & ~vena_cava(x, y) & ~portal_vein(liver, x, y)
    return mask & body(x, y, 0.9)


def body(x: np.ndarray, y: np.ndarray, scale: float = 1.0) -> np.ndarray:
    return (x / (170 * scale)) ** 2 + (y / (125 * scale)) ** 2 < 1


def vena_cava(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return ((x + 8) / 11) ** 2 + ((y - 38) / 9) ** 2 < 1


def portal_vein(liver: Liver, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    cx, cy = liver.caudate.centre[0], liver.caudate.centre[1]
    return ((x - cx + 14) / 8) ** 2 + ((y - cy + 22) / 7) ** 2 < 1


def render_slice(study: MriStudy, z_mm: float) -> Tuple[np.ndarray, np.ndarray]:
    """The T2-weighted slice at `z_mm` (float32 signal) and the liver's mask there."""
    x, y = grid()
    signal = np.zeros(x.shape, np.float32)
    inside = body(x, y)
    signal[inside] = SIGNAL["fat"]
    wall = inside & ~body(x, y, 0.93) & body(x, y, 0.96)
    signal[wall] = SIGNAL["muscle"]
    for side in (-1, 1):
        signal[((x - side * 38) / 30) ** 2 + ((y - 100) / 18) ** 2 < 1] = SIGNAL["muscle"]
    signal[(x / 20) ** 2 + ((y - 72) / 17) ** 2 < 1] = 60.0                   # vertebral cortex
    signal[(x / 17) ** 2 + ((y - 72) / 14) ** 2 < 1] = SIGNAL["marrow"]
    signal[(x / 8) ** 2 + ((y - 98) / 7) ** 2 < 1] = SIGNAL["fluid"]           # spinal canal
    signal[((x - 12) / 9) ** 2 + ((y - 48) / 9) ** 2 < 1] = SIGNAL["flow_void"]  # aorta
    signal[study.kidney.section(x, y, z_mm)] = SIGNAL["kidney"]
    signal[study.spleen.section(x, y, z_mm)] = SIGNAL["spleen"]
    stomach, content = study.stomach
    signal[stomach.section(x, y, z_mm)] = SIGNAL["bowel_wall"]
    signal[stomach.section(x, y, z_mm, 0.85)] = content
    for loop, content in study.bowel:
        signal[loop.section(x, y, z_mm) & inside] = SIGNAL["bowel_wall"]
        signal[loop.section(x, y, z_mm, 0.7) & inside] = content
    if study.gallbladder is not None:
        signal[study.gallbladder.section(x, y, z_mm)] = SIGNAL["fluid"]
    mask = liver_mask(study, z_mm)
    liver = study.liver
    network = smooth_field([study.seed, 2, tenth_mm(z_mm)], SLICE_SIZE, liver.nodule_px)
    fibrosis = np.exp(-(network / 0.2) ** 2)            # bright bands where the field crosses zero
    nodules = np.clip(network - 0.5, 0, None)
    patches = smooth_field([study.seed, 3, tenth_mm(z_mm)], SLICE_SIZE, 6.0)
    parenchyma = liver.signal * (1 + 0.05 * patches + liver.fibrosis * (0.9 * fibrosis - 0.35 * nodules))
    signal[mask] = parenchyma[mask]
    for vx, vy, radius in liver.veins:
        signal[mask & (((x - vx) ** 2 + (y - vy) ** 2) < radius ** 2)] = SIGNAL["flow_void"]
    signal[fissure(liver, x, y) & (liver.right.section(x, y, z_mm, 1.2) | liver.left.section(x, y, z_mm, 1.2))] = SIGNAL["fat"]
    signal[vena_cava(x, y)] = SIGNAL["flow_void"]
    signal[portal_vein(liver, x, y) & liver.caudate.section(x, y, z_mm, 2.0)] = SIGNAL["flow_void"]
    signal = cv2.GaussianBlur(signal, (0, 0), 0.6)
    if study.ghost:
        signal += study.ghost * np.roll(signal, SLICE_SIZE // 3, axis=0)
    strength, direction, offset = study.shading
    signal *= 1 + offset + strength * (x * np.cos(direction) + y * np.sin(direction)) / 170
    signal *= study.scale
    rng = np.random.default_rng([study.seed, 4, tenth_mm(z_mm)])
    real = signal + rng.normal(0, study.noise, signal.shape)
    imaginary = rng.normal(0, study.noise, signal.shape)
    return np.sqrt(real ** 2 + imaginary ** 2).astype(np.float32), mask     # magnitude: Rician noise


def studies(first_seed: int, count: int) -> List[MriStudy]:
    return [make_study(first_seed * 100_000 + i) for i in range(count)]


def identity_of(study: MriStudy) -> Identity:
    return Identity(f"PHANTOM-MR-{study.seed}", "", f"mri-liver/{study.seed}")


def write_study(directory: Path, study: MriStudy, slices: Optional[Sequence[int]] = None) -> List[Path]:
    """The slices as one T2-weighted MR series in `directory`: every slice, or those with the given indices."""
    z = [study.slice_z[k] for k in (range(len(study.slice_z)) if slices is None else slices)]
    volume = np.stack([render_slice(study, at)[0] for at in z])
    series = Series(1, "Synthetic phantom liver MRI, T2 axial", volume, z, PIXEL_MM, SLICE_MM, T2_WINDOW)
    return write_series(directory, series, identity_of(study), "MR")
