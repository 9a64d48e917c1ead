"""Phantom data sets: still frames rendered, resized to a model's input and kept in memory.

Every sample is drawn from its own generator seeded by (set seed, index), so a
set is the same whatever the number of worker processes.
"""
import hashlib
import multiprocessing
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import cv2
import numpy as np

from . import ceus_phantom, ct_phantom, dicom_series, ercp_phantom, eus_phantom, mri_phantom, regions
from .softmask import Box, scale_box

NO_PAPILLA_FRACTION = 0.2
ROI_FRACTION = 0.5
BOX_JITTER = 0.15
CEUS_ASPECTS = (0.8, 1.25)       # a hand-dragged rectangle is seldom square


@dataclass
class Sample:
    image: np.ndarray          # model input size, RGB (ERCP) or grey (EUS), uint8
    box: Optional[Box]         # in input pixels
    label: int                 # outcome (ERCP), cyst type (EUS) or lesion type (CEUS); -1 when nothing is in view
    frame_box: Optional[Box]   # in frame pixels
    attributes: Tuple = ()
    region: Optional[np.ndarray] = None   # ERCP: RGB square around the papilla (regions.py)
    mask: Optional[np.ndarray] = None     # MRI: the liver, 0 or 1 at the input's size


def to_input(image: np.ndarray, size: Tuple[int, int], grey: bool) -> np.ndarray:
    resized = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(resized, cv2.COLOR_BGR2GRAY if grey else cv2.COLOR_BGR2RGB)


def ercp_sample(args: Tuple[int, int, Tuple[int, int]]) -> Sample:
    """The region around the papilla is cut from the full frame around a box that is off by up to
    BOX_JITTER, as the ampulla head's box will be."""
    seed, index, size = args
    rng = np.random.default_rng([seed, index])
    frame = ercp_phantom.random_frame(rng, with_papilla=rng.random() >= NO_PAPILLA_FRACTION)
    sample = make_sample(frame.image, frame.box, size, grey=False,
                         label=frame.papilla.outcome if frame.papilla else -1,
                         attributes=(frame.papilla.morphology, frame.papilla.diverticulum, frame.papilla.hooded,
                                     frame.papilla.difficult_probability) if frame.papilla else ())
    if frame.box is not None:
        region = regions.papilla_region(frame.image, regions.jittered(rng, frame.box, BOX_JITTER))
        sample.region = cv2.cvtColor(region, cv2.COLOR_BGR2RGB)
    return sample


def papilla_regions(samples: List[Sample]) -> List[Sample]:
    """The difficulty head's samples: the regions around the papilla, with their outcomes."""
    return [Sample(s.region, None, s.label, s.frame_box, s.attributes) for s in samples if s.region is not None]


def eus_sample(args: Tuple[int, int, Tuple[int, int]]) -> Sample:
    """Half the samples are a region of interest around the lesion, as a user drags it in the app:
    1.1 to 2 times the lesion's size, off centre by up to a tenth, so it may shave the lesion's edge."""
    seed, index, size = args
    rng = np.random.default_rng([seed, index])
    frame = eus_phantom.random_frame(rng, kind=int(rng.integers(2)))
    image, box = frame.image, frame.box
    if box is not None and rng.random() < ROI_FRACTION:
        image, box = region_of_interest(rng, image, box, size[0] / size[1])
    return make_sample(image, box, size, grey=True, label=frame.lesion.kind if frame.lesion else -1)


def ceus_sample(args: Tuple[int, int, Tuple[int, int]]) -> Sample:
    """Tong et al.'s input: a rectangle drawn around the lesion on the contrast half only (found on the
    B-mode half, drawn at the same place), 1.1 to 2 times the lesion and off centre by up to a tenth
    like the EUS region of interest, then grey and stretched to the input size. The attributes keep
    the time since the injection and what was drawn, for looking into errors."""
    seed, index, size = args
    rng = np.random.default_rng([seed, index])
    frame = ceus_phantom.random_frame(rng, kind=int(rng.integers(2)))
    image, box = ceus_phantom.contrast_half(frame.image, frame.box)
    if box is None:
        return make_sample(image, None, size, grey=True, label=-1)
    image, box = region_of_interest(rng, image, box, float(np.exp(rng.uniform(*np.log(CEUS_ASPECTS)))))
    lesion = frame.lesion
    return make_sample(image, box, size, grey=True, label=lesion.kind,
                       attributes=(frame.t, lesion.enhancement, lesion.heterogeneity, lesion.necrosis,
                                   lesion.calcified, lesion.duct))


# The CT heads' input window (HU): wide enough for fat and for a mass or cortex at its brightest.
CT_INPUT_WINDOW = (100.0, 500.0)


def windowed(hu: np.ndarray, window: Tuple[float, float]) -> np.ndarray:
    """HU to 8-bit grey through DICOM's linear window (centre, width), as the app's WindowLevel does."""
    centre, width = window
    if width <= 1:
        raise ValueError("a window at least 2 wide")
    return np.clip(np.round(((hu - (centre - 0.5)) / (width - 1) + 0.5) * 255), 0, 255).astype(np.uint8)


def stored_hu(hu: np.ndarray) -> np.ndarray:
    """HU as a CT series stores them (whole units, 12 bits above -1024): what the app reads from DICOM."""
    return dicom_series.stored_ct(hu).astype(np.float64) + dicom_series.CT_INTERCEPT


def ct_sample(args: Tuple[int, int, Tuple[int, int]]) -> Sample:
    """One renal CT study's four phases at the mass's slice, cut at one region a user dragged around the
    mass on one phase and carried unchanged to the others (breathing moves the mass a little between
    them), windowed with CT_INPUT_WINDOW and resized: an image of size × 4 phases. The label is the
    mass's class (ct_phantom.CLASSES); the attributes keep its type, size and core for looking into errors."""
    seed, index, size = args
    rng = np.random.default_rng([seed, index])
    study = ct_phantom.make_study(seed * 1_000_000 + index)
    k = study.slice_of_mass()
    z = study.slice_z[k]
    drawn_on = int(rng.integers(len(ct_phantom.PHASES)))
    region = ct_phantom.region_around(ct_phantom.mass_box(study, drawn_on, z), rng)
    x, y, w, h = region
    phases = [cv2.resize(windowed(stored_hu(ct_phantom.render_slice(study, p, z))[y:y + h, x:x + w], CT_INPUT_WINDOW),
                         size, interpolation=cv2.INTER_AREA) for p in range(len(ct_phantom.PHASES))]
    mass = study.mass
    return Sample(np.stack(phases, axis=-1), None, mass.label, tuple(float(v) for v in region),
                  (mass.kind.name, 2 * max(mass.shape.radii), mass.core is not None, drawn_on))


def ct_phase(samples: List[Sample], phase: int) -> List[Sample]:
    """The samples of one CT phase, in the same order for every phase (a paired comparison needs it)."""
    return [Sample(np.ascontiguousarray(s.image[..., phase]), None, s.label, s.frame_box, s.attributes) for s in samples]


# MR signal has no fixed scale: the MRI heads see each slice stretched between these percentiles of its own.
MRI_STRETCH_PERCENTILES = (0.5, 99.5)


def stretched(signal: np.ndarray, percentiles: Tuple[float, float]) -> np.ndarray:
    """A slice's signal to 8-bit grey, its low percentile black and its high one white."""
    low, high = np.percentile(signal, percentiles)
    return np.clip(np.round((signal - low) / max(high - low, 1e-6) * 255), 0, 255).astype(np.uint8)


def stored_signal(signal: np.ndarray) -> np.ndarray:
    """MR signal as an MR series stores it (whole 16-bit units): what the app reads from DICOM."""
    return dicom_series.stored_mr(signal).astype(np.float64)


def mri_sample(args: Tuple[int, int, Tuple[int, int]]) -> Sample:
    """One T2 liver study's slice at the caudate level, stretched and resized, with the liver's mask at
    the same size. The label is cirrhosis or normal (mri_phantom.CLASSES); the attribute is the stage."""
    seed, index, size = args
    study = mri_phantom.make_study(seed * 1_000_000 + index)
    signal, mask = mri_phantom.render_slice(study, study.slice_z[study.caudate_slice()])
    image = cv2.resize(stretched(stored_signal(signal), MRI_STRETCH_PERCENTILES), size, interpolation=cv2.INTER_AREA)
    small = cv2.resize(mask.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST)
    return Sample(image, None, study.label, None, (study.stage,), mask=small)


# The segmented classifier sees the liver and this rim around it (one input pixel, 3 mm at 128×128): a
# U-Net's mask is smoother than a nodular surface, and cut exactly at it the classifier would lose that sign.
MASK_MARGIN_PX = 1


def masked(samples: List[Sample], masks: Optional[List[np.ndarray]] = None) -> List[Sample]:
    """The slices with everything beyond MASK_MARGIN_PX around the liver black: around their own masks, or
    around the given (predicted) ones."""
    masks = masks if masks is not None else [s.mask for s in samples]
    kernel = np.ones((2 * MASK_MARGIN_PX + 1, 2 * MASK_MARGIN_PX + 1), np.uint8)
    return [Sample(s.image * cv2.dilate((m > 0).astype(np.uint8), kernel), None, s.label, None, s.attributes, mask=m)
            for s, m in zip(samples, masks)]


def region_of_interest(rng: np.random.Generator, image: np.ndarray, box: Box,
                       aspect: float) -> Tuple[np.ndarray, Box]:
    x0, y0, rw, rh = region_around(rng, image.shape[1], image.shape[0], box, aspect)
    x, y, bw, bh = box
    return image[y0:y0 + rh, x0:x0 + rw], (x - x0, y - y0, bw, bh)


def region_around(rng: np.random.Generator, width: int, height: int, box: Box,
                  aspect: float) -> Tuple[int, int, int, int]:
    """(x, y, w, h) in whole pixels of a region a user might drag around the lesion."""
    x, y, bw, bh = box
    rw = min(width, max(bw, bh * aspect) * rng.uniform(1.1, 2.0))
    rh = min(height, rw / aspect)
    x0 = int(np.clip(x + bw / 2 - rw / 2 + rng.uniform(-0.1, 0.1) * rw, 0, width - rw))
    y0 = int(np.clip(y + bh / 2 - rh / 2 + rng.uniform(-0.1, 0.1) * rh, 0, height - rh))
    return x0, y0, int(rw), int(rh)


def make_sample(image: np.ndarray, frame_box: Optional[Box], size: Tuple[int, int], grey: bool,
                label: int, attributes: Tuple = ()) -> Sample:
    h, w = image.shape[:2]
    box = scale_box(frame_box, size[0] / w, size[1] / h) if frame_box else None
    return Sample(to_input(image, size, grey), box, label, frame_box, attributes)


def generate(kind: str, seed: int, count: int, size: Tuple[int, int], workers: int = 2) -> List[Sample]:
    worker = {"ercp": ercp_sample, "eus": eus_sample, "ceus": ceus_sample, "ct": ct_sample, "mri": mri_sample}[kind]
    jobs = [(seed, i, size) for i in range(count)]
    if workers <= 1:
        return [worker(job) for job in jobs]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(worker, jobs, chunksize=16)


COMMON_SOURCES = ("camera.py", "datasets.py", "softmask.py")
SOURCES = {"ercp": ("ercp_phantom.py", "regions.py"), "eus": ("eus_phantom.py",),
           "ceus": ("ceus_phantom.py", "eus_phantom.py"), "ct": ("ct_phantom.py", "anatomy.py"),
           "mri": ("mri_phantom.py", "anatomy.py")}


def generator_fingerprint(kind: Optional[str] = None) -> str:
    """Changes whenever the code that draws the phantoms of `kind` (of every kind: None) changes,
    so that work on one phantom leaves the others' cached sets valid."""
    names = COMMON_SOURCES + (SOURCES[kind] if kind else tuple(n for k in sorted(SOURCES) for n in SOURCES[k]))
    digest = hashlib.sha256()
    for name in sorted(set(names)):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def generate_cached(cache: Path, kind: str, seed: int, count: int, size: Tuple[int, int],
                    workers: int = 2) -> List[Sample]:
    """generate(), kept on disk so that a rebuild with unchanged phantoms skips drawing them again."""
    path = cache / f"{kind}-{seed}-{count}-{size[0]}x{size[1]}-{generator_fingerprint(kind)}.pkl"
    if path.is_file():
        with open(path, "rb") as f:
            return pickle.load(f)
    samples = generate(kind, seed, count, size, workers)
    cache.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".tmp"), "wb") as f:
        pickle.dump(samples, f, protocol=pickle.HIGHEST_PROTOCOL)
    path.with_suffix(".tmp").rename(path)
    return samples
