"""Synthetic four-phase renal CT, in Hounsfield units, with a small (at most 4 cm) solid renal mass:
malignant or benign, after Tanaka et al. (AJR), who classified such masses per phase with Inception-v3.

An axial slice of the upper abdomen at the kidneys: body wall and fat, spine and psoas, aorta and
inferior vena cava, liver, spleen, bowel, both kidneys (cortex, medulla, sinus fat and collecting
system) and the mass, which sits on one kidney and bulges from it. Each structure's attenuation
follows the phase of the contrast:
- unenhanced: blood and kidney about 35 HU;
- corticomedullary (about 35 s): the aorta and the cortex enhance, the medulla not yet;
- nephrographic (about 100 s): the whole kidney enhances evenly, the veins catch up;
- excretory (several minutes): contrast is in the collecting system, the rest washes out.
The mass's attenuation per phase and its texture depend on its type, with overlap on purpose:
- malignant (mostly clear-cell-like: avid, heterogeneous corticomedullary enhancement and washout,
  sometimes a necrotic core that never enhances; some papillary-like ones enhance little and evenly);
- benign (fat-poor angiomyolipoma-like: dense before contrast, homogeneous; oncocytoma-like: avid
  enhancement with a central scar that fills in late).
The corticomedullary phase tells them apart best, the excretory phase least, as in the paper.
Between phases the organs move by a few millimetres (breathing), so a region carried across the
phases lands near, not exactly on, the mass. Classes keep the paper's imbalance (136 malignant, 32
benign). Everything is deterministic per seed.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .anatomy import Ellipsoid, axial_grid, smooth_field, tenth_mm
from .dicom_cine import Identity
from .dicom_series import Series, write_series

PHASES = ("unenhanced", "corticomedullary", "nephrographic", "excretory")
CLASSES = ("malignant", "benign")           # class 0 is the paper's positive
MALIGNANT_FRACTION = 136 / (136 + 32)
SLICE_SIZE = 256                            # pixels a side
PIXEL_MM = 1.2
SLICE_MM = 3.0
SLICES = 16
AIR_HU, FAT_HU, BONE_HU, CORTICAL_BONE_HU = -1000.0, -100.0, 300.0, 750.0
# Mean attenuation (HU) of each enhancing tissue in the four phases, in PHASES' order.
TISSUE_HU: Dict[str, Tuple[float, float, float, float]] = {
    "aorta": (40, 280, 160, 110),
    "vena_cava": (40, 90, 150, 110),
    "cortex": (32, 170, 165, 130),
    "medulla": (32, 70, 160, 140),
    "urine": (8, 10, 25, 650),
    "liver": (58, 75, 110, 90),
    "spleen": (48, 120, 120, 95),
    "muscle": (50, 55, 65, 60),
    "bowel_wall": (35, 90, 80, 70),
}
MAX_MASS_DIAMETER_MM = 40.0
MIN_MASS_DIAMETER_MM = 12.0
ABDOMEN_WINDOW = (40.0, 400.0)              # centre, width (HU)
CONTRAST_AGENT = "iodinated contrast (synthetic phantom)"


@dataclass(frozen=True)
class MassType:
    """How one type of mass looks: mean HU per phase (and its spread between masses), texture SD per
    phase, and the chance and kind of a central core that enhances differently."""
    name: str
    malignant: bool
    share: float                            # within its class
    hu: Tuple[float, float, float, float]
    hu_sd: Tuple[float, float, float, float]
    texture_sd: Tuple[float, float, float, float]
    core: Optional[str]                     # "necrosis" or "scar"
    core_chance: float


MASS_TYPES = (
    MassType("clear-cell-like", True, 0.72, (34, 145, 108, 84), (6, 30, 18, 16), (4, 36, 12, 8), "necrosis", 0.45),
    MassType("papillary-like", True, 0.16, (38, 60, 80, 82), (6, 12, 14, 14), (3, 8, 7, 6), None, 0.0),
    MassType("chromophobe-like", True, 0.12, (36, 100, 104, 86), (6, 20, 16, 14), (3, 22, 10, 7), None, 0.0),
    MassType("fat-poor AML-like", False, 0.55, (42, 102, 104, 90), (8, 22, 16, 16), (3, 6, 6, 6), None, 0.0),
    MassType("oncocytoma-like", False, 0.45, (37, 125, 118, 94), (6, 24, 16, 14), (3, 9, 8, 7), "scar", 0.5),
)
# A necrotic core never enhances; a scar enhances late and fills in by the excretory phase.
CORE_HU = {"necrosis": (22, 24, 26, 26), "scar": (34, 55, 85, 100)}
CORE_FRACTION = {"necrosis": (0.3, 0.55), "scar": (0.15, 0.3)}     # of the mass's radii


@dataclass(frozen=True)
class RenalMass:
    shape: Ellipsoid
    kind: MassType
    hu: Tuple[float, float, float, float]
    texture_sd: Tuple[float, float, float, float]
    core: Optional[Ellipsoid]

    @property
    def malignant(self) -> bool:
        return self.kind.malignant

    @property
    def label(self) -> int:
        return CLASSES.index("malignant" if self.malignant else "benign")


@dataclass(frozen=True)
class RenalStudy:
    """One patient's four-phase study: anatomy, the mass, and the slices' z positions (mm)."""
    seed: int
    kidneys: Tuple[Ellipsoid, Ellipsoid]
    mass: RenalMass
    liver: Ellipsoid
    spleen: Ellipsoid
    bowel: Tuple[Tuple[Ellipsoid, float], ...]   # loops and what they hold (HU)
    noise_hu: float
    breathing_mm: Tuple[Tuple[float, float], ...]  # (y, z) shift of the organs in each phase
    slice_z: Tuple[float, ...]

    def slice_of_mass(self) -> int:
        """The slice nearest the mass's centre."""
        return int(np.argmin([abs(z - self.mass.shape.centre[2]) for z in self.slice_z]))


def pick(rng: np.random.Generator, malignant: bool) -> MassType:
    kinds = [k for k in MASS_TYPES if k.malignant == malignant]
    return kinds[int(rng.choice(len(kinds), p=[k.share for k in kinds]))]


def make_study(seed: int, malignant: Optional[bool] = None) -> RenalStudy:
    rng = np.random.default_rng(seed)
    if malignant is None:
        malignant = bool(rng.random() < MALIGNANT_FRACTION)
    tilt = rng.uniform(18, 32)
    kidneys = (Ellipsoid((rng.uniform(62, 74), rng.uniform(36, 46), rng.uniform(-6, 6)),
                         (rng.uniform(24, 29), rng.uniform(16, 20), rng.uniform(45, 55)), -tilt),
               Ellipsoid((-rng.uniform(62, 74), rng.uniform(38, 48), rng.uniform(-12, 0)),
                         (rng.uniform(24, 29), rng.uniform(16, 20), rng.uniform(45, 55)), tilt))
    host = kidneys[int(rng.integers(0, 2))]
    diameter = rng.uniform(MIN_MASS_DIAMETER_MM, MAX_MASS_DIAMETER_MM)
    radius = diameter / 2
    # On the kidney's outline in the axial plane, more or less bulging out of it.
    theta = rng.uniform(0, 2 * np.pi)
    depth = rng.uniform(0.55, 1.0)
    a = np.deg2rad(host.angle_deg)
    u, v = host.radii[0] * depth * np.cos(theta), host.radii[1] * depth * np.sin(theta)
    z = host.centre[2] + rng.uniform(-0.45, 0.45) * host.radii[2]
    centre = (host.centre[0] + u * np.cos(a) - v * np.sin(a), host.centre[1] + u * np.sin(a) + v * np.cos(a), z)
    shape = Ellipsoid(centre, (radius * rng.uniform(0.85, 1.0), radius * rng.uniform(0.8, 1.0),
                               radius * rng.uniform(0.85, 1.0)), rng.uniform(0, 180))
    kind = pick(rng, malignant)
    hu = tuple(float(m + s * rng.standard_normal()) for m, s in zip(kind.hu, kind.hu_sd))
    texture = tuple(float(t * rng.uniform(0.6, 1.4)) for t in kind.texture_sd)
    core = None
    if kind.core and rng.random() < kind.core_chance:
        fraction = rng.uniform(*CORE_FRACTION[kind.core])
        offset = rng.uniform(-0.2, 0.2, 2) * radius
        core = Ellipsoid((centre[0] + offset[0], centre[1] + offset[1], centre[2]),
                         tuple(r * fraction for r in shape.radii), rng.uniform(0, 180))
    mass = RenalMass(shape, kind, hu, texture, core)
    liver = Ellipsoid((-rng.uniform(55, 70), -rng.uniform(10, 25), rng.uniform(50, 70)),
                      (rng.uniform(65, 75), rng.uniform(50, 58), 80), rng.uniform(-10, 10))
    spleen = Ellipsoid((rng.uniform(92, 104), rng.uniform(-25, -10), rng.uniform(30, 50)),
                       (rng.uniform(18, 26), rng.uniform(30, 40), 55), rng.uniform(-40, -20))
    bowel = tuple((Ellipsoid((rng.uniform(-60, 60), rng.uniform(-75, -20), rng.uniform(-40, 40)),
                             (rng.uniform(8, 16), rng.uniform(8, 14), rng.uniform(20, 40)), rng.uniform(0, 180)),
                   float(rng.choice([-900.0, 15.0, 30.0]))) for _ in range(int(rng.integers(3, 7))))
    breathing = tuple((float(rng.uniform(-2.5, 2.5)), float(rng.uniform(-3.5, 3.5))) for _ in PHASES)
    first = mass.shape.centre[2] - SLICE_MM * (SLICES / 2 - 0.5) + rng.uniform(-1.5, 1.5) * SLICE_MM
    slice_z = tuple(round(first + SLICE_MM * i, 2) for i in range(SLICES))
    return RenalStudy(seed, kidneys, mass, liver, spleen, bowel, float(rng.uniform(8, 16)), breathing, slice_z)


def grid() -> Tuple[np.ndarray, np.ndarray]:
    return axial_grid(SLICE_SIZE, PIXEL_MM)


def render_slice(study: RenalStudy, phase: int, z_mm: float) -> np.ndarray:
    """The slice at `z_mm` in `phase` (an index into PHASES): float32 HU, SLICE_SIZE a side."""
    x, y = grid()
    shift_y, shift_z = study.breathing_mm[phase]
    oy, oz = y - shift_y, z_mm - shift_z        # organs move; the body wall and the spine do not
    hu = np.full(x.shape, AIR_HU, np.float32)
    body = (x / 150) ** 2 + (y / 112) ** 2 < 1
    hu[body] = FAT_HU
    wall = body & ((x / 140) ** 2 + (y / 102) ** 2 >= 1)
    hu[wall] = TISSUE_HU["muscle"][phase]

    def tissue(mask: np.ndarray, name: str) -> None:
        hu[mask & body] = TISSUE_HU[name][phase]

    tissue(study.liver.section(x, oy, oz), "liver")
    tissue(study.spleen.section(x, oy, oz), "spleen")
    for loop, content in study.bowel:
        outer = loop.section(x, oy, oz) & body & ~wall
        hu[outer] = TISSUE_HU["bowel_wall"][phase]
        hu[loop.section(x, oy, oz, 0.75) & outer] = content
    for side in (-1, 1):
        tissue(((x - side * 30) / 13) ** 2 + ((y - 52) / 20) ** 2 < 1, "muscle")
    vertebra = (x / 19) ** 2 + ((y - 58) / 17) ** 2 < 1
    hu[vertebra] = CORTICAL_BONE_HU
    hu[(x / 16) ** 2 + ((y - 58) / 14) ** 2 < 1] = BONE_HU
    hu[(x / 7) ** 2 + ((y - 84) / 6) ** 2 < 1] = 10.0       # spinal canal
    tissue(((x - 14) / 10) ** 2 + ((y - 30) / 10) ** 2 < 1, "aorta")
    tissue(((x + 18) / 13) ** 2 + ((y - 26) / 9) ** 2 < 1, "vena_cava")
    for kidney in study.kidneys:
        tissue(kidney.section(x, oy, oz), "cortex")
        tissue(kidney.section(x, oy, oz, 0.72), "medulla")
        hilum = Ellipsoid((kidney.centre[0] * 0.86, kidney.centre[1] - 2, kidney.centre[2]),
                          (kidney.radii[0] * 0.42, kidney.radii[1] * 0.45, kidney.radii[2] * 0.55), kidney.angle_deg)
        sinus = hilum.section(x, oy, oz)
        hu[sinus] = FAT_HU * 0.8
        tissue(hilum.section(x, oy, oz, 0.55) & sinus, "urine")
    mass = study.mass
    inside = mass.shape.section(x, oy, oz)
    if inside.any():
        texture = smooth_field([study.seed, tenth_mm(z_mm - shift_z)], SLICE_SIZE, 2.2)  # the same in every phase
        hu[inside] = mass.hu[phase] + mass.texture_sd[phase] * texture[inside]
        if mass.core is not None:
            core = mass.core.section(x, oy, oz) & inside
            hu[core] = CORE_HU[mass.kind.core][phase]
    hu = cv2.GaussianBlur(hu, (0, 0), 0.7)      # partial volume
    rng = np.random.default_rng([study.seed, phase, tenth_mm(z_mm)])
    noise = cv2.GaussianBlur(rng.standard_normal(hu.shape).astype(np.float32), (0, 0), 0.6)
    hu += noise * (study.noise_hu / max(float(noise.std()), 1e-6)) * body
    return np.clip(hu, -1024, 3071)


def mass_box(study: RenalStudy, phase: int, z_mm: float) -> Optional[Tuple[float, float, float, float]]:
    """The mass's bounding box (x, y, w, h in pixels) on the slice at `z_mm` in `phase`, None off it."""
    x, y = grid()
    shift_y, shift_z = study.breathing_mm[phase]
    inside = study.mass.shape.section(x, y - shift_y, z_mm - shift_z)
    if not inside.any():
        return None
    rows, cols = np.nonzero(inside)
    return float(cols.min()), float(rows.min()), float(cols.max() - cols.min() + 1), float(rows.max() - rows.min() + 1)


def region_around(box: Tuple[float, float, float, float], rng: np.random.Generator,
                  margin: Tuple[float, float] = (1.3, 1.8), jitter: float = 0.12) -> Tuple[int, int, int, int]:
    """A square a user could drag around a mass's box: larger by `margin`, off centre by up to `jitter`
    of its side, inside the slice."""
    x, y, w, h = box
    side = max(w, h) * rng.uniform(*margin)
    cx = x + w / 2 + rng.uniform(-jitter, jitter) * side
    cy = y + h / 2 + rng.uniform(-jitter, jitter) * side
    side = int(round(min(max(side, 16), SLICE_SIZE)))
    left = int(round(min(max(cx - side / 2, 0), SLICE_SIZE - side)))
    top = int(round(min(max(cy - side / 2, 0), SLICE_SIZE - side)))
    return left, top, side, side


def studies(first_seed: int, count: int) -> List[RenalStudy]:
    return [make_study(first_seed * 100_000 + i) for i in range(count)]


def identity_of(study: RenalStudy) -> Identity:
    return Identity(f"PHANTOM-CT-{study.seed}", "", f"ct-renal/{study.seed}")


def write_study(directory: Path, study: RenalStudy, slices: Optional[Sequence[int]] = None) -> List[Path]:
    """The four phases as four CT series in `directory`, numbered in the order they were scanned: every
    slice, or only the slices with the given indices."""
    z = [study.slice_z[k] for k in (range(len(study.slice_z)) if slices is None else slices)]
    paths = []
    for phase, name in enumerate(PHASES):
        volume = np.stack([render_slice(study, phase, at) for at in z])
        series = Series(phase + 1, f"Synthetic phantom renal CT, {name}", volume, z,
                        PIXEL_MM, SLICE_MM, ABDOMEN_WINDOW, None if phase == 0 else CONTRAST_AGENT)
        paths += write_series(directory, series, identity_of(study), "CT")
    return paths
