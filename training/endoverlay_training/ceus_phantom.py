"""Synthetic contrast-enhanced EUS (CEUS) frames of a solid pancreatic mass: PDAC or chronic pancreatitis.

Scanners show CEUS as a dual view: the B-mode image on the left, the
low-mechanical-index contrast image of the same place on the right (Tong et
al. 2022 draw their region of interest on the right half). One scene holds
both: an echo map for B-mode and, for the contrast image, how much of each
perfusion compartment (large vessels, parenchyma, surrounding tissue, lesion)
every pixel holds. A frame at time t after the injection sees the scene
through one camera in both halves; each compartment's brightness follows its
own time-intensity curve (a log-normal bolus), multiplied by a bubble speckle
drawn afresh every frame, because the bubbles flow while the tissue stays.

- PDAC: hypo-enhancing against the parenchyma, heterogeneous, irregular
  margins with infiltrative spurs, sometimes a necrotic core that never
  enhances; it arrives later and washes out sooner.
- CP (mass-forming): iso-enhancing and homogeneous, smoother margins,
  sometimes calcifications (bright, with an acoustic shadow) and a dilated
  duct running through the mass.
The classes overlap on purpose: fibrous-rich PDAC that is nearly iso,
patchy CP, small pseudocysts in CP, a duct cut off by PDAC.
"""
import functools
from dataclasses import dataclass
from typing import Optional, Tuple

import cv2
import numpy as np

from .camera import Camera, smooth_noise, visible_box
from .eus_phantom import speckle
from .softmask import Box

CLASSES = ("PDAC", "CP")
FRAME_SIZE = (640, 480)
VIEW_SIZE = (320, 456)                      # each half of the dual view
BMODE_ORIGIN = (0, 24)                      # top left corner of each half in the frame
CONTRAST_ORIGIN = (320, 24)
COMPARTMENTS = ("vessel", "parenchyma", "background", "lesion")
MARGIN_POINTS = 72
HALF_ANGLE_DEG = 21.0                       # of each half's fan
# Tong et al.: vascular phase 0-30 s, pancreatic phase 31-60 s, delayed phase after.
VASCULAR_END_S = 30.0
PANCREATIC_END_S = 60.0


@dataclass(frozen=True)
class Bolus:
    """A compartment's time-intensity curve: a log-normal bolus, zero before the contrast arrives,
    `peak` at `time_to_peak_s` after arrival, then a long wash-out tail (longer for a larger spread)."""
    arrival_s: float
    time_to_peak_s: float
    spread: float
    peak: float

    def at(self, t: Optional[float]) -> float:
        if t is None or t <= self.arrival_s:
            return 0.0
        tau, mode, s2 = t - self.arrival_s, self.time_to_peak_s, self.spread ** 2
        mu = np.log(mode) + s2                      # so that the mode of the log-normal is time_to_peak_s
        return float(self.peak * mode / tau * np.exp(-((np.log(tau) - mu) ** 2 - s2 * s2) / (2 * s2)))


@dataclass(frozen=True)
class Perfusion:
    vessel: Bolus
    parenchyma: Bolus
    background: Bolus
    lesion: Bolus

    def intensities(self, t: Optional[float]) -> np.ndarray:
        """Brightness of each of COMPARTMENTS at t seconds after the injection (None: before it)."""
        return np.array([b.at(t) for b in (self.vessel, self.parenchyma, self.background, self.lesion)],
                        np.float32)


@dataclass(frozen=True)
class CeusLesion:
    cx: float
    cy: float
    rx: float
    ry: float
    angle_deg: float
    radii: Tuple[float, ...]    # the margin: radius factor at MARGIN_POINTS angles around the centre
    kind: int                   # index into CLASSES
    enhancement: float          # the lesion's peak over the parenchyma's
    heterogeneity: float        # spread of the lesion's perfusion texture about its mean
    necrosis: bool              # PDAC: a necrotic core; CP: a small pseudocyst. Neither enhances.
    calcified: bool
    duct: str                   # "none", "cut" (dilated upstream, cut off at the mass) or "penetrating"

    def outline(self) -> np.ndarray:
        t = np.linspace(0, 2 * np.pi, MARGIN_POINTS, endpoint=False)
        r = np.asarray(self.radii)
        x, y = self.rx * r * np.cos(t), self.ry * r * np.sin(t)
        a = np.deg2rad(self.angle_deg)
        return np.stack([self.cx + x * np.cos(a) - y * np.sin(a), self.cy + x * np.sin(a) + y * np.cos(a)], axis=1)


@dataclass
class CeusScene:
    echo: np.ndarray            # float32 B-mode echo amplitude with tissue speckle, about 0..1.6
    weights: np.ndarray         # float32 H x W x 4: how much of each of COMPARTMENTS a pixel holds
    lesion: Optional[CeusLesion]
    perfusion: Perfusion


@dataclass(frozen=True)
class CeusFrame:
    image: np.ndarray           # uint8 BGR, FRAME_SIZE: B-mode left, contrast right
    box: Optional[Box]          # the lesion on the contrast half, frame pixels
    bmode_box: Optional[Box]    # the same lesion on the B-mode half, frame pixels
    lesion: Optional[CeusLesion]
    t: Optional[float]          # seconds since the injection; None or negative before it
    phase: str


def phase_of(t: Optional[float]) -> str:
    if t is None or t < 0:
        return "before injection"
    return "vascular" if t <= VASCULAR_END_S else "pancreatic" if t <= PANCREATIC_END_S else "delayed"


def sample_time(rng: np.random.Generator) -> float:
    """Mostly the pancreatic phase, where the paper took its key frames (about 35 s), with some late
    vascular and early delayed frames, since a user does not always pause at the right second."""
    u = rng.random()
    if u < 0.75:
        return float(rng.uniform(31, 60))
    return float(rng.uniform(20, 30)) if u < 0.875 else float(rng.uniform(61, 80))


def margin(rng: np.random.Generator, irregularity: float, spurs: int) -> Tuple[float, ...]:
    """Radius factors around the lesion: low harmonics for lobulation, narrow spurs for infiltration."""
    t = np.linspace(0, 2 * np.pi, MARGIN_POINTS, endpoint=False)
    r = np.ones_like(t)
    for k in range(2, 8):
        r += rng.normal(0, irregularity / np.sqrt(k)) * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    for _ in range(spurs):
        d = np.angle(np.exp(1j * (t - rng.uniform(0, 2 * np.pi))))
        r += rng.uniform(0.15, 0.4) * np.exp(-(d / rng.uniform(0.08, 0.16)) ** 2)
    return tuple(float(v) for v in np.clip(r, 0.55, 1.6))


def sample_lesion(rng: np.random.Generator, kind: int, cx: float, cy: float, radius: float) -> CeusLesion:
    """The class decides the distributions, which overlap: a PDAC may be fibrous and nearly iso,
    a CP patchy, irregular or holding a pseudocyst."""
    rx, ry = radius * rng.uniform(0.85, 1.2), radius * rng.uniform(0.7, 1.0)
    if kind == 0:
        enhancement = 0.18 + 0.62 * rng.beta(2.2, 3.0)
        heterogeneity = rng.uniform(0.25, 0.6)
        radii = margin(rng, rng.uniform(0.06, 0.16), int(rng.integers(2, 6)))
        necrosis, calcified = rng.random() < 0.3, rng.random() < 0.05
        duct = "cut" if rng.random() < 0.3 else "none"
    else:
        enhancement = 0.62 + 0.5 * rng.beta(3.0, 2.0)
        heterogeneity = rng.uniform(0.3, 0.5) if rng.random() < 0.15 else rng.uniform(0.05, 0.25)
        radii = margin(rng, rng.uniform(0.02, 0.08), int(rng.integers(0, 2)) if rng.random() < 0.3 else 0)
        necrosis, calcified = rng.random() < 0.12, rng.random() < 0.45
        duct = "penetrating" if rng.random() < 0.35 else "none"
    return CeusLesion(cx, cy, rx, ry, float(rng.uniform(-30, 30)), radii, kind, float(enhancement),
                      float(heterogeneity), bool(necrosis), bool(calcified), duct)


def sample_perfusion(rng: np.random.Generator, lesion: Optional[CeusLesion]) -> Perfusion:
    """Large vessels fill first and brightest, the parenchyma a few seconds later; PDAC arrives later
    still and washes out sooner (a smaller spread), CP follows the parenchyma."""
    vessel_arrival = rng.uniform(8, 13)
    vessel = Bolus(vessel_arrival, rng.uniform(6, 10), rng.uniform(1.1, 1.3), rng.uniform(2.0, 2.6))
    parenchyma = Bolus(vessel_arrival + rng.uniform(1, 3), rng.uniform(10, 16), rng.uniform(0.9, 1.1), 1.0)
    background = Bolus(vessel_arrival + rng.uniform(3, 6), rng.uniform(15, 25), 1.1, rng.uniform(0.2, 0.4))
    if lesion is None or lesion.kind == 1:
        delay, peak_scale = rng.uniform(0, 2), rng.uniform(0.9, 1.15)
        spread = parenchyma.spread * rng.uniform(0.92, 1.08)
    else:
        delay, peak_scale, spread = rng.uniform(1, 5), rng.uniform(0.8, 1.2), rng.uniform(0.7, 0.95)
    enhancement = lesion.enhancement if lesion else 1.0
    return Perfusion(vessel, parenchyma, background, Bolus(parenchyma.arrival_s + delay,
                                                           parenchyma.time_to_peak_s * peak_scale, spread,
                                                           enhancement))


@functools.lru_cache(maxsize=2)
def grid(shape: Tuple[int, int]) -> np.ndarray:
    return np.mgrid[0:shape[0], 0:shape[1]].astype(np.float32)


def band(shape: Tuple[int, int], cx: float, cy: float, slope: float, bend: float,
         half_width: np.ndarray, edge: float = 2.0) -> np.ndarray:
    """A soft band about the curve y = cy + slope (x - cx) + bend (x - cx)^2; half_width per column."""
    ys, xs = grid(shape)
    u = xs - cx
    centre = cy + slope * u + bend * u * u
    d = np.abs(ys - centre) / np.sqrt(1 + (slope + 2 * bend * u) ** 2)
    return np.clip((half_width[None, :] - d) / (2 * edge) + 0.5, 0, 1).astype(np.float32)


def along(rng: np.random.Generator, width: int, sigma: float) -> np.ndarray:
    """Smooth unit noise along x, for the calibre of a band."""
    return smooth_noise(rng, (4, width), sigma)[1]


def lesion_mask(shape: Tuple[int, int], lesion: CeusLesion, blur: float) -> np.ndarray:
    mask = np.zeros(shape, np.float32)
    cv2.fillPoly(mask, [np.round(lesion.outline() * 8).astype(np.int32)], 1.0, cv2.LINE_AA, shift=3)
    return cv2.GaussianBlur(mask, (0, 0), blur) if blur > 0 else mask


def blob(rng: np.random.Generator, shape: Tuple[int, int], cx: float, cy: float, r: float, blur: float) -> np.ndarray:
    """An irregular round patch: a necrotic core or a pseudocyst."""
    mask = np.zeros(shape, np.float32)
    t = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    rr = r * (1 + 0.15 * rng.standard_normal(24))
    pts = np.stack([cx + rr * np.cos(t), cy + rr * np.sin(t)], axis=1)
    cv2.fillPoly(mask, [np.round(pts * 8).astype(np.int32)], 1.0, cv2.LINE_AA, shift=3)
    return cv2.GaussianBlur(mask, (0, 0), blur)


def calcifications(rng: np.random.Generator, shape: Tuple[int, int], lesion: CeusLesion) -> np.ndarray:
    calc = np.zeros(shape, np.float32)
    r = min(lesion.rx, lesion.ry)
    for _ in range(int(rng.integers(2, 8))):
        a, d = rng.uniform(0, 2 * np.pi), r * np.sqrt(rng.random()) * 1.2
        cv2.circle(calc, (int(lesion.cx + d * np.cos(a)), int(lesion.cy + d * np.sin(a))),
                   int(rng.integers(1, 4)), 1.0, -1, cv2.LINE_AA)
    return calc


def shadow_of(reflector: np.ndarray) -> np.ndarray:
    """What passes a strong reflector: the beam travels down the scene, so everything below is darker."""
    return 1.0 - 0.8 * cv2.GaussianBlur(np.maximum.accumulate(reflector, axis=0), (0, 0), 2.0)


def duct_mask(rng: np.random.Generator, shape: Tuple[int, int], lesion: CeusLesion, slope: float,
              bend: float) -> np.ndarray:
    """A dilated main duct along the gland: through the mass (CP) or up to it from one side (PDAC)."""
    w = shape[1]
    calibre = rng.uniform(0.08, 0.15) * lesion.ry
    width = calibre * (1 + (0.3 if lesion.duct == "penetrating" else 0.1) * along(rng, w, 12.0))
    duct = band(shape, lesion.cx, lesion.cy + rng.uniform(-0.25, 0.25) * lesion.ry, slope, bend,
                np.maximum(width, 1.5), 1.0)
    if lesion.duct == "cut":
        xs = np.arange(w, dtype=np.float32)
        side = rng.choice([-1.0, 1.0])
        stop = lesion.cx + side * 0.6 * lesion.rx
        duct *= np.clip((xs - stop) * side / 3.0, 0, 1)[None, :]
    return duct


def make_scene(rng: np.random.Generator, width: int, height: int, kind: Optional[int],
               lesion_radius: float = 40.0, lesion_at: Optional[Tuple[float, float]] = None) -> CeusScene:
    """A pancreas crossing the scene with the lesion in it, a vein along its deep border, another
    vessel sometimes; `lesion_at` is the lesion's centre in scene pixels."""
    shape = (height, width)
    cx, cy = lesion_at if lesion_at else (width / 2, height / 2)
    lesion = None
    if kind is not None:
        lesion = sample_lesion(rng, kind, cx, cy, lesion_radius * rng.uniform(0.8, 1.2))
    ry = lesion.ry if lesion else lesion_radius
    slope, bend = rng.uniform(-0.3, 0.3), rng.uniform(-6e-4, 6e-4)
    gland_y = cy + rng.uniform(-0.3, 0.3) * ry
    gland_half = ry * rng.uniform(1.5, 2.2) * (1 + 0.12 * along(rng, width, 20.0))
    pancreas = band(shape, cx, gland_y, slope, bend, gland_half, 3.0)
    vein_r = rng.uniform(7, 12)
    vein = band(shape, cx, gland_y + gland_half.mean() + vein_r + rng.uniform(2, 8), slope, bend,
                np.full(width, vein_r, np.float32), 1.5)
    vessels = vein
    if rng.random() < 0.5:
        artery = np.zeros(shape, np.float32)
        x0, y0 = rng.uniform(0, width), rng.uniform(0, 0.3) * height
        cv2.line(artery, (int(x0), int(y0)), (int(x0 + rng.uniform(-200, 200)), int(height)), 1.0,
                 int(rng.integers(6, 11)), cv2.LINE_AA)
        vessels = np.maximum(vessels, cv2.GaussianBlur(artery, (0, 0), 1.2) * (1 - pancreas))

    cp = lesion is not None and lesion.kind == 1
    echo = 0.36 + 0.08 * smooth_noise(rng, shape, 60.0) + 0.05 * smooth_noise(rng, shape, 8.0)
    gland_echo = rng.uniform(0.5, 0.62) * (1 + (0.22 if cp else 0.12) * smooth_noise(rng, shape, 4.0))
    echo = echo * (1 - pancreas) + gland_echo * pancreas
    weights = np.zeros(shape + (4,), np.float32)
    weights[..., 0] = vessels
    weights[..., 1] = pancreas * (1 + (0.18 if cp else 0.1) * smooth_noise(rng, shape, 6.0))
    weights[..., 2] = (1 - pancreas) * (1 + 0.25 * smooth_noise(rng, shape, 10.0))
    shadow = np.ones(shape, np.float32)
    if lesion is not None:
        echo, shadow = draw_lesion(rng, echo, weights, lesion, slope, bend)
    echo = echo * (1 - 0.9 * vessels)
    weights[..., 1:] *= (1 - vessels)[..., None]
    weights *= shadow[..., None]
    canvas = np.maximum(echo, 0) * speckle(rng, shape)
    return CeusScene(canvas.astype(np.float32), np.clip(weights, 0, None),
                     lesion, sample_perfusion(rng, lesion))


def draw_lesion(rng: np.random.Generator, echo: np.ndarray, weights: np.ndarray, lesion: CeusLesion,
                slope: float, bend: float) -> Tuple[np.ndarray, np.ndarray]:
    """Draws the mass into the B-mode echo and the lesion compartment; returns the echo and the
    shadow map of its calcifications."""
    shape = echo.shape
    pdac = lesion.kind == 0
    r = min(lesion.rx, lesion.ry)
    inside = lesion_mask(shape, lesion, rng.uniform(1.0, 2.5) if pdac else rng.uniform(2.0, 5.0))
    texture = 1 + lesion.heterogeneity * smooth_noise(rng, shape, r / rng.uniform(2.5, 5.0))
    empty = np.zeros(shape, np.float32)
    if lesion.necrosis:
        off = rng.uniform(-0.25, 0.25, 2) * r
        size = rng.uniform(0.3, 0.55) * r if pdac else rng.uniform(0.15, 0.3) * r
        empty = blob(rng, shape, lesion.cx + off[0], lesion.cy + off[1], size, 2.5 if pdac else 1.0)
    lesion_echo = (rng.uniform(0.15, 0.28) if pdac else rng.uniform(0.25, 0.4)) * (
        1 + (0.35 if pdac else 0.2) * smooth_noise(rng, shape, r / 4))
    echo = echo * (1 - inside) + lesion_echo * inside
    echo = echo * (1 - empty) + (0.12 if pdac else 0.03) * empty
    if not pdac:
        strands = np.zeros(shape, np.float32)
        for _ in range(int(rng.integers(3, 9))):
            a, d = rng.uniform(0, 2 * np.pi), r * rng.uniform(0, 1.3)
            x, y = lesion.cx + d * np.cos(a), lesion.cy + d * np.sin(a)
            b, length = rng.uniform(0, np.pi), rng.uniform(6, 16)
            cv2.line(strands, (int(x), int(y)), (int(x + length * np.cos(b)), int(y + length * np.sin(b))), 1.0, 1,
                     cv2.LINE_AA)
        echo = np.maximum(echo, 0.85 * cv2.GaussianBlur(strands, (0, 0), 0.8))
    ducts = np.zeros(shape, np.float32)
    if lesion.duct != "none":
        ducts = duct_mask(rng, shape, lesion, slope, bend)
        wall = np.clip(cv2.GaussianBlur(ducts, (0, 0), 1.5) * 2.5 - ducts * 2.5, 0, 1)
        echo = echo * (1 - ducts) + 0.04 * ducts
        echo = np.maximum(echo, (0.9 if lesion.duct == "penetrating" else 0.6) * wall)
    shadow = np.ones(shape, np.float32)
    if lesion.calcified:
        calc = calcifications(rng, shape, lesion)
        shadow = shadow_of(calc)
        echo = np.maximum(echo * shadow, 1.6 * calc)
    weights[..., 3] = inside * np.clip(texture, 0.05, None) * (1 - empty)
    weights[..., 1] *= 1 - inside
    weights[..., 2] *= 1 - inside
    weights *= (1 - ducts)[..., None]
    return echo, shadow


@dataclass(frozen=True)
class Scanner:
    """Per-frame settings: B-mode gain and attenuation, contrast gain, the tissue signal that the
    contrast mode does not cancel, noise floors, and whether the contrast view is tinted (some
    scanners show it in gold; the paper turns every image grey)."""
    gain: float = 1.0
    attenuation: float = 1.2
    noise: float = 0.03
    contrast_gain: float = 0.8
    contrast_attenuation: float = 0.6
    residual: float = 0.05
    contrast_noise: float = 0.01
    tinted: bool = False

    @staticmethod
    def random(rng: np.random.Generator) -> "Scanner":
        return Scanner(float(rng.uniform(0.8, 1.25)), float(rng.uniform(0.6, 1.8)), float(rng.uniform(0.01, 0.05)),
                       float(rng.uniform(0.55, 0.95)), float(rng.uniform(0.3, 1.0)), float(rng.uniform(0.02, 0.08)),
                       float(rng.uniform(0.005, 0.02)), bool(rng.random() < 0.4))


@functools.lru_cache(maxsize=2)
def sector(width: int, height: int) -> Tuple[np.ndarray, np.ndarray]:
    """Each half's fan: the mask (1 inside) and normalised depth (0 at the transducer, 1 at the far edge).
    Narrower than the single view's so that two fit side by side."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    apex_x, apex_y = width / 2.0, -0.04 * height
    r = np.hypot(xs - apex_x, ys - apex_y)
    theta = np.degrees(np.arctan2(xs - apex_x, ys - apex_y))
    r0, r1 = 0.07 * height, 0.47 * width / np.sin(np.radians(HALF_ANGLE_DEG))
    mask = ((r > r0) & (r < r1) & (np.abs(theta) < HALF_ANGLE_DEG)).astype(np.float32)
    return cv2.GaussianBlur(mask, (0, 0), 0.8), np.clip((r - r0) / (r1 - r0), 0, 1)


def in_sector(box: Box) -> bool:
    mask, _ = sector(*VIEW_SIZE)
    x, y, w, h = box
    cx, cy = min(max(int(x + w / 2), 0), VIEW_SIZE[0] - 1), min(max(int(y + h / 2), 0), VIEW_SIZE[1] - 1)
    return bool(mask[cy, cx] > 0.5)


def bubble_speckle(rng: np.random.Generator, shape: Tuple[int, int]) -> np.ndarray:
    """Finer and spikier than tissue speckle: microbubbles are sparse point scatterers."""
    re = cv2.GaussianBlur(rng.standard_normal(shape).astype(np.float32), (0, 0), sigmaX=1.1, sigmaY=0.7)
    im = cv2.GaussianBlur(rng.standard_normal(shape).astype(np.float32), (0, 0), sigmaX=1.1, sigmaY=0.7)
    power = (re * re + im * im) ** 0.6
    return power / power.mean()


def compress(linear: np.ndarray, knee: float, reference: float) -> np.ndarray:
    return np.clip(np.log1p(knee * linear) / np.log1p(knee * reference), 0, 1)


def render(rng: np.random.Generator, scene: CeusScene, camera: Camera, scanner: Scanner,
           t: Optional[float]) -> CeusFrame:
    """Both halves through the same camera: B-mode of the echo map, contrast of the compartments t seconds
    after the injection (None or negative: before it, when only the tissue the contrast mode leaks shows)."""
    vw, vh = VIEW_SIZE
    mask, depth = sector(vw, vh)
    tissue = camera.view(scene.echo, vw, vh)
    bmode = tissue * scanner.gain * np.exp(-scanner.attenuation * depth) * (1 + 0.4 * np.exp(-depth * 25))
    bmode = bmode + np.abs(rng.normal(0, scanner.noise, bmode.shape)).astype(np.float32)
    bmode = compress(bmode, 4.0, 1.2) * mask
    concentration = camera.view(scene.weights, vw, vh) @ scene.perfusion.intensities(t)
    contrast = concentration * bubble_speckle(rng, (vh, vw)) * scanner.contrast_gain
    contrast = (contrast + scanner.residual * tissue) * np.exp(-scanner.contrast_attenuation * depth)
    contrast = contrast + np.abs(rng.normal(0, scanner.contrast_noise, contrast.shape)).astype(np.float32)
    contrast = compress(contrast, 3.0, 1.4) * mask
    image = np.zeros((FRAME_SIZE[1], FRAME_SIZE[0], 3), np.uint8)
    place(image, BMODE_ORIGIN, cv2.cvtColor(to_grey(bmode), cv2.COLOR_GRAY2BGR))
    place(image, CONTRAST_ORIGIN, tint(to_grey(contrast), scanner.tinted))
    draw_marks(image, scanner, t)
    box = bmode_box = None
    lesion = scene.lesion
    if lesion is not None:
        view_box = visible_box(camera.project_points(lesion.outline(), vw, vh), vw, vh)
        if view_box is not None and in_sector(view_box):
            box, bmode_box = shifted(view_box, CONTRAST_ORIGIN), shifted(view_box, BMODE_ORIGIN)
    return CeusFrame(image, box, bmode_box, lesion if box is not None else None, t, phase_of(t))


def to_grey(values: np.ndarray) -> np.ndarray:
    return (values * 255 + 0.5).astype(np.uint8)


def tint(grey: np.ndarray, tinted: bool) -> np.ndarray:
    bgr = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    if tinted:
        bgr = (bgr.astype(np.float32) * np.array([0.55, 0.85, 1.0], np.float32) + 0.5).astype(np.uint8)
    return bgr


def place(image: np.ndarray, origin: Tuple[int, int], view: np.ndarray) -> None:
    x, y = origin
    image[y:y + view.shape[0], x:x + view.shape[1]] = view


def shifted(box: Box, origin: Tuple[int, int]) -> Box:
    return (box[0] + origin[0], box[1] + origin[1], box[2], box[3])


def draw_marks(image: np.ndarray, scanner: Scanner, t: Optional[float]) -> None:
    """A divider, depth dots and the mode names, mechanical index and the timer that scanners show;
    nothing that could read as a patient's data."""
    cv2.line(image, (FRAME_SIZE[0] // 2, 0), (FRAME_SIZE[0] // 2, FRAME_SIZE[1] - 1), (90, 90, 90), 1)
    font, grey = cv2.FONT_HERSHEY_PLAIN, (170, 170, 170)
    cv2.putText(image, "B", (BMODE_ORIGIN[0] + 8, 17), font, 1.0, grey, 1, cv2.LINE_AA)
    cv2.putText(image, "CH  MI 0.08", (CONTRAST_ORIGIN[0] + 8, 17), font, 1.0, grey, 1, cv2.LINE_AA)
    timer = "--:--" if t is None or t < 0 else f"{int(t) // 60:02d}:{int(t) % 60:02d}"
    cv2.putText(image, timer, (FRAME_SIZE[0] - 64, 17), font, 1.0, (220, 220, 220), 1, cv2.LINE_AA)
    for origin in (BMODE_ORIGIN, CONTRAST_ORIGIN):
        for k in range(1, 6):
            cv2.circle(image, (origin[0] + VIEW_SIZE[0] - 14, origin[1] + int(k * 0.66 * VIEW_SIZE[1] / 6)), 1,
                       (200, 200, 200), -1)
    gain = f"G {int(40 + 20 * scanner.gain)}  CG {int(40 + 20 * scanner.contrast_gain)}"
    cv2.putText(image, gain, (BMODE_ORIGIN[0] + 8, FRAME_SIZE[1] - 10), font, 0.9, grey, 1, cv2.LINE_AA)


def contrast_half(image: np.ndarray, box: Optional[Box]) -> Tuple[np.ndarray, Optional[Box]]:
    """The contrast view alone and the box in its pixels: where the paper draws its region of interest."""
    x0, y0 = CONTRAST_ORIGIN
    view = image[y0:y0 + VIEW_SIZE[1], x0:x0 + VIEW_SIZE[0]]
    return view, (shifted(box, (-x0, -y0)) if box is not None else None)


def random_frame(rng: np.random.Generator, kind: Optional[int], t: Optional[float] = None) -> CeusFrame:
    """One still frame at t seconds after the injection (drawn by sample_time when not given, negative:
    before the injection); the lesion lies well inside the fan, so a labelled frame always has its box."""
    vw, vh = VIEW_SIZE
    sw, sh = int(vw * 1.5), int(vh * 1.3)
    zoom = float(rng.uniform(0.85, 1.2))
    radius = float(rng.uniform(30, 46)) / zoom
    at = (sw / 2 + rng.uniform(-30, 30) / zoom, sh / 2 + rng.uniform(-95, -20) / zoom)
    scene = make_scene(rng, sw, sh, kind, radius, at)
    camera = Camera(sw / 2, sh / 2, zoom, float(rng.uniform(-10, 10)))
    scanner = Scanner.random(rng)
    return render(rng, scene, camera, scanner, sample_time(rng) if t is None else t)
