"""Synthetic duodenoscope (ERCP) scenes with a papilla of Vater.

A scene is a height field (mucosa, circular folds, papilla, hooding fold,
diverticulum) lit from the scope, coloured like duodenal mucosa. The papilla
follows the Haraldsson morphology types; its cannulation outcome is drawn at
random from a probability that depends on what can be seen (type, hooding
fold, diverticulum), so the label is learnable but noisy, like the real one.
Everything is deterministic for a given numpy Generator.
"""
import functools
from dataclasses import dataclass
from typing import Optional, Tuple

import cv2
import numpy as np

from .camera import Camera, ellipse_points, smooth_noise, visible_box
from .softmask import Box

MORPHOLOGIES = ("regular", "small", "protruding", "creased")
DIVERTICULA = ("none", "adjacent", "intradiverticular")
OUTCOMES = ("easy", "over_5_min", "additional_techniques", "failure")

# Logit of "difficult" per morphology without diverticulum, solved so that
# P(difficult | type) is 0.26, 0.32, 0.38, 0.45 with a hooding fold on 35 %.
TYPE_LOGIT = {"regular": -2.971, "small": -2.427, "protruding": -1.904, "creased": -1.353}
HOODING_PREVALENCE = 0.35
HOODING_LOGIT = 3.6
DIVERTICULUM_PROBABILITY = (0.70, 0.18, 0.12)
DIVERTICULUM_LOGIT = {"none": 0.0, "adjacent": 1.4, "intradiverticular": 2.6}
# Among difficult cases: > 5 min, additional techniques, failure (Kim et al.: 69 / 94 / 6).
DIFFICULT_SPLIT = (0.41, 0.53, 0.06)

FRAME_SIZE = (640, 480)


@dataclass(frozen=True)
class Papilla:
    cx: float
    cy: float
    rx: float
    ry: float
    angle_deg: float
    morphology: str
    diverticulum: str
    hooded: bool
    difficult_probability: float
    outcome: int

    @property
    def difficult(self) -> bool:
        return self.outcome != 0

    def outline(self) -> np.ndarray:
        return ellipse_points(self.cx, self.cy, self.rx, self.ry, self.angle_deg)


@dataclass
class ErcpScene:
    canvas: np.ndarray             # float32 BGR in [0, 1]
    papilla: Optional[Papilla]


@dataclass(frozen=True)
class ErcpFrame:
    image: np.ndarray              # uint8 BGR
    box: Optional[Box]
    papilla: Optional[Papilla]


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def sample_papilla(rng: np.random.Generator, cx: float, cy: float, scale: float) -> Papilla:
    morphology = MORPHOLOGIES[rng.integers(len(MORPHOLOGIES))]
    diverticulum = DIVERTICULA[rng.choice(3, p=DIVERTICULUM_PROBABILITY)]
    hooded = bool(rng.random() < HOODING_PREVALENCE)
    r = scale * rng.uniform(0.8, 1.25)
    rx, ry = r * rng.uniform(0.85, 1.15), r * rng.uniform(0.85, 1.2)
    if morphology == "small":
        rx, ry = rx * 0.6, ry * 0.6
    elif morphology == "protruding":
        rx, ry = rx * 1.1, ry * 1.45
    p = sigmoid(TYPE_LOGIT[morphology] + HOODING_LOGIT * hooded + DIVERTICULUM_LOGIT[diverticulum])
    outcome = 0 if rng.random() >= p else 1 + int(rng.choice(3, p=DIFFICULT_SPLIT))
    return Papilla(cx, cy, rx, ry, float(rng.uniform(-20, 20)), morphology, diverticulum,
                   hooded, float(p), outcome)


def add_bump(relief: np.ndarray, cx: float, cy: float, rx: float, ry: float, angle_deg: float,
             amplitude: float, power: float = 1.0) -> np.ndarray:
    """Adds a dome to the relief field; returns its footprint (0..1)."""
    h, w = relief.shape
    pad = 2.5 * max(rx, ry)
    x0, x1 = int(max(cx - pad, 0)), int(min(cx + pad, w))
    y0, y1 = int(max(cy - pad, 0)), int(min(cy + pad, h))
    footprint = np.zeros_like(relief)
    if x1 <= x0 or y1 <= y0:
        return footprint
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    a = np.deg2rad(angle_deg)
    u = ((xs - cx) * np.cos(a) + (ys - cy) * np.sin(a)) / rx
    v = (-(xs - cx) * np.sin(a) + (ys - cy) * np.cos(a)) / ry
    dome = np.exp(-0.5 * (u * u + v * v) ** power * 2.0)
    relief[y0:y1, x0:x1] += amplitude * dome
    footprint[y0:y1, x0:x1] = dome
    return footprint


def draw_folds(rng: np.random.Generator, relief: np.ndarray, spacing: float) -> None:
    h, w = relief.shape
    folds = np.zeros_like(relief)
    y = rng.uniform(0, spacing)
    xs = np.arange(0, w + 8, 8, dtype=np.float32)
    while y < h + spacing:
        wave = y + rng.uniform(8, 30) * np.sin(xs / rng.uniform(150, 400) + rng.uniform(0, 6.3))
        pts = np.stack([xs, wave], axis=1).astype(np.int32)
        cv2.polylines(folds, [pts], False, float(rng.uniform(0.6, 1.0)), int(rng.uniform(6, 14)))
        y += spacing * rng.uniform(0.7, 1.3)
    relief += cv2.GaussianBlur(folds, (0, 0), 6.0) * 1.6


def window(shape: Tuple[int, int], cx: float, cy: float, reach: float) -> Tuple[slice, slice]:
    h, w = shape
    return (slice(int(max(cy - reach, 0)), int(max(min(cy + reach, h), 0))),
            slice(int(max(cx - reach, 0)), int(max(min(cx + reach, w), 0))))


def add_diverticulum(shade: np.ndarray, relief: np.ndarray, cx: float, cy: float, r: float) -> None:
    rows, cols = window(relief.shape, cx, cy, 1.5 * r)
    ys, xs = np.mgrid[rows, cols].astype(np.float32)
    d = np.sqrt(((xs - cx) / r) ** 2 + ((ys - cy) / (0.8 * r)) ** 2)
    relief[rows, cols] -= 2.5 * np.clip(1.2 - d, 0, 1) ** 0.7
    shade[rows, cols] *= 1.0 - 0.85 * np.clip((1.0 - d) * 2.5, 0, 1)


def make_scene(rng: np.random.Generator, width: int, height: int, with_papilla: bool,
               papilla_scale: float = 45.0, papilla_at: Optional[Tuple[float, float]] = None) -> ErcpScene:
    """A duodenal wall of width x height scene pixels; papilla_scale is its radius."""
    shape = (height, width)
    relief = np.zeros(shape, np.float32)
    draw_folds(rng, relief, spacing=rng.uniform(90, 160))
    relief += 0.25 * smooth_noise(rng, shape, 40.0)
    shade = np.ones(shape, np.float32)
    redness = np.zeros(shape, np.float32)

    papilla = None
    if with_papilla:
        cx, cy = papilla_at if papilla_at else (width / 2, height / 2)
        papilla = sample_papilla(rng, cx, cy, papilla_scale)
        r = max(papilla.rx, papilla.ry)
        if papilla.diverticulum != "none":
            side = rng.choice([-1.0, 1.0])
            offset = 1.9 * r if papilla.diverticulum == "adjacent" else 1.25 * r
            add_diverticulum(shade, relief, cx + side * offset, cy + 0.3 * r * rng.uniform(-1, 1),
                             r * (1.1 if papilla.diverticulum == "adjacent" else 1.5))
        # The papilla sits on a flattened patch of wall so folds do not run through it.
        calm = np.zeros(shape, np.float32)
        cv2.ellipse(calm, (int(cx), int(cy)), (int(papilla.rx * 1.6), int(papilla.ry * 1.6)),
                    papilla.angle_deg, 0, 360, 1.0, -1)
        calm = cv2.GaussianBlur(calm, (0, 0), r * 0.4)
        relief *= 1.0 - 0.8 * calm
        amplitude = {"regular": 2.2, "small": 1.2, "protruding": 3.4, "creased": 2.4}[papilla.morphology]
        foot = add_bump(relief, cx, cy, papilla.rx, papilla.ry, papilla.angle_deg, amplitude,
                        power=0.8 if papilla.morphology == "protruding" else 1.2)
        redness += 0.9 * foot
        # The papilla stands out of a diverticulum's shadow, so it stays lit.
        np.maximum(shade, np.clip(foot * 3.0, 0, 1), out=shade)
        if papilla.morphology == "creased":
            rows, cols = window(shape, cx, cy, 2.5 * r)
            ys, xs = np.mgrid[rows, cols].astype(np.float32)
            ridges = np.sin((ys - cy) / max(papilla.ry, 1) * 9.0 + (xs - cx) / max(papilla.rx, 1) * 1.5)
            relief[rows, cols] += 0.5 * ridges * foot[rows, cols]
        orifice_y = cy - 0.35 * papilla.ry
        if papilla.hooded:
            # A long oral protrusion drapes over the top of the papilla and hides the orifice.
            add_bump(relief, cx, cy - 0.85 * papilla.ry, papilla.rx * 1.5, papilla.ry * 0.45,
                     papilla.angle_deg, 2.6, power=1.0)
        else:
            cv2.ellipse(shade, (int(cx), int(orifice_y)), (max(2, int(papilla.rx * 0.18)), max(1, int(papilla.ry * 0.08))),
                        papilla.angle_deg, 0, 360, 0.35, -1)
        shade[:] = cv2.GaussianBlur(shade, (0, 0), 1.5)

    canvas = light(rng, relief, shade, redness)
    add_bubbles(rng, canvas)
    return ErcpScene(canvas, papilla)


def light(rng: np.random.Generator, relief: np.ndarray, shade: np.ndarray, redness: np.ndarray) -> np.ndarray:
    gy, gx = np.gradient(cv2.GaussianBlur(relief, (0, 0), 2.0))
    facing = np.clip(-7.0 * gy - 2.5 * gx, -1.5, 1.5)
    diffuse = (0.8 + 0.3 * facing) * shade
    texture = 1.0 + 0.05 * smooth_noise(rng, relief.shape, 1.5) + 0.04 * smooth_noise(rng, relief.shape, 12.0)
    base = np.array([0.33, 0.45, 0.80], np.float32) * rng.uniform(0.9, 1.1, 3).astype(np.float32)
    red = np.array([-0.12, -0.16, 0.05], np.float32)
    colour = (base[None, None, :] + red[None, None, :] * redness[..., None]) * (diffuse * texture)[..., None]
    specular = np.clip((facing - 0.9) * 3.0, 0, 1) ** 2 * (smooth_noise(rng, relief.shape, 3.0) > 0.8)
    colour += specular[..., None] * 1.2
    return np.clip(colour, 0, 1).astype(np.float32)


def add_bubbles(rng: np.random.Generator, canvas: np.ndarray) -> None:
    if rng.random() > 0.35:
        return
    h, w = canvas.shape[:2]
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    for _ in range(int(rng.integers(3, 15))):
        x, y = int(cx + rng.normal(0, 40)), int(cy + rng.normal(0, 30))
        r = int(rng.uniform(4, 18))
        cv2.circle(canvas, (x, y), r, (0.85, 0.9, 0.95), 1, cv2.LINE_AA)
        cv2.circle(canvas, (x - r // 3, y - r // 3), max(1, r // 4), (1.0, 1.0, 1.0), -1, cv2.LINE_AA)


@functools.lru_cache(maxsize=4)
def scope_mask(width: int, height: int) -> np.ndarray:
    """The duodenoscope's octagonal field of view (1 inside, 0 on the black border)."""
    mask = np.zeros((height, width), np.float32)
    m, c = int(0.03 * width), int(0.12 * width)
    pts = np.array([[m + c, m], [width - m - c, m], [width - m, m + c], [width - m, height - m - c],
                    [width - m - c, height - m], [m + c, height - m], [m, height - m - c], [m, m + c]], np.int32)
    cv2.fillPoly(mask, [pts], 1.0, cv2.LINE_AA)
    return mask


@dataclass(frozen=True)
class Optics:
    """Per-frame camera effects: exposure, blur, vignetting, sensor noise."""
    gain: float = 1.0
    gamma: float = 1.0
    blur_sigma: float = 0.0
    motion_blur: float = 0.0
    vignette: float = 0.45
    noise: float = 0.01

    @staticmethod
    def random(rng: np.random.Generator) -> "Optics":
        return Optics(gain=float(rng.uniform(0.7, 1.3)), gamma=float(rng.uniform(0.8, 1.25)),
                      blur_sigma=float(rng.choice([0.0, 0.0, rng.uniform(0.5, 2.5)])),
                      motion_blur=float(rng.choice([0.0, 0.0, 0.0, rng.uniform(3, 12)])),
                      vignette=float(rng.uniform(0.3, 0.6)), noise=float(rng.uniform(0.004, 0.02)))


@functools.lru_cache(maxsize=4)
def radial_falloff(width: int, height: int) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    r2 = ((xs - width / 2) / (width / 2)) ** 2 + ((ys - height / 2) / (height / 2)) ** 2
    return np.clip(r2, 0, 1.5) / 1.5


def apply_optics(rng: np.random.Generator, view: np.ndarray, optics: Optics, mask: np.ndarray) -> np.ndarray:
    h, w = view.shape[:2]
    img = view
    if optics.blur_sigma > 0:
        img = cv2.GaussianBlur(img, (0, 0), optics.blur_sigma)
    if optics.motion_blur >= 2:
        k = np.zeros((int(optics.motion_blur), int(optics.motion_blur)), np.float32)
        k[k.shape[0] // 2, :] = 1.0 / k.shape[1]
        img = cv2.filter2D(img, -1, k)
    img = img * (1.0 - optics.vignette * radial_falloff(w, h))[..., None] * optics.gain
    img = np.clip(img, 0, 1) ** optics.gamma
    img = img + rng.normal(0, optics.noise, img.shape).astype(np.float32)
    img = np.clip(img, 0, 1) * mask[..., None]
    return (img * 255.0 + 0.5).astype(np.uint8)


def render(rng: np.random.Generator, scene: ErcpScene, camera: Camera, optics: Optics,
           width: int = FRAME_SIZE[0], height: int = FRAME_SIZE[1]) -> ErcpFrame:
    view = camera.view(scene.canvas, width, height)
    image = apply_optics(rng, view, optics, scope_mask(width, height))
    box = None
    if scene.papilla is not None:
        box = visible_box(camera.project_points(scene.papilla.outline(), width, height), width, height)
    return ErcpFrame(image, box, scene.papilla if box is not None else None)


def random_frame(rng: np.random.Generator, with_papilla: bool,
                 width: int = FRAME_SIZE[0], height: int = FRAME_SIZE[1]) -> ErcpFrame:
    """One still frame; a labelled papilla has at least 60 % of its box inside the frame."""
    sw, sh = int(width * 1.3), int(height * 1.3)
    zoom = float(rng.uniform(0.85, 1.3))
    scale = float(rng.uniform(28, 60)) / zoom
    at = (sw / 2 + rng.uniform(-0.22, 0.22) * width / zoom, sh / 2 + rng.uniform(-0.2, 0.2) * height / zoom)
    scene = make_scene(rng, sw, sh, with_papilla, scale, at)
    camera = Camera(sw / 2, sh / 2, zoom, float(rng.uniform(-25, 25)))
    return render(rng, scene, camera, Optics.random(rng), width, height)
