"""Synthetic echoendoscope (EUS) sector images with a pancreatic cystic lesion.

The scene is an echogenicity map (tissue, a pancreas-like region, vessels and
the lesion) times speckle that moves with the tissue; a frame is the scene
seen through the transducer's fan with depth attenuation and electronic noise.
- MCN: uni- or oligolocular, a few large anechoic locules, thick wall,
  sometimes a peripheral calcification with its acoustic shadow.
- SCN: a microcystic honeycomb of many small locules with thin septa,
  sometimes a central scar.
"""
import functools
from dataclasses import dataclass
from typing import Optional, Tuple

import cv2
import numpy as np

from .camera import Camera, ellipse_points, smooth_noise, visible_box
from .softmask import Box

CYST_TYPES = ("MCN", "SCN")
FRAME_SIZE = (640, 480)


@dataclass(frozen=True)
class Lesion:
    cx: float
    cy: float
    rx: float
    ry: float
    angle_deg: float
    kind: int          # index into CYST_TYPES

    def outline(self) -> np.ndarray:
        return ellipse_points(self.cx, self.cy, self.rx * 1.08, self.ry * 1.08, self.angle_deg)


@dataclass
class EusScene:
    canvas: np.ndarray          # float32 echo amplitude, about 0..1.5
    lesion: Optional[Lesion]


@dataclass(frozen=True)
class EusFrame:
    image: np.ndarray           # uint8 BGR (grey)
    box: Optional[Box]
    lesion: Optional[Lesion]


def lesion_mask(shape: Tuple[int, int], lesion: Lesion, scale: float = 1.0) -> np.ndarray:
    mask = np.zeros(shape, np.float32)
    cv2.ellipse(mask, (int(lesion.cx), int(lesion.cy)), (int(lesion.rx * scale), int(lesion.ry * scale)),
                lesion.angle_deg, 0, 360, 1.0, -1, cv2.LINE_AA)
    return mask


def draw_mcn(rng: np.random.Generator, echo: np.ndarray, lesion: Lesion) -> None:
    shape = echo.shape
    wall = lesion_mask(shape, lesion, 1.08)
    echo[:] = echo * (1 - wall) + 0.95 * wall
    lumen = lesion_mask(shape, lesion, 1.0 - rng.uniform(0.06, 0.12))
    echo[:] = echo * (1 - lumen) + 0.03 * lumen
    for _ in range(int(rng.integers(0, 3))):
        a = np.deg2rad(lesion.angle_deg + rng.uniform(-60, 60))
        off = rng.uniform(-0.4, 0.4)
        px, py = lesion.cx + off * lesion.rx * np.cos(a + np.pi / 2), lesion.cy + off * lesion.ry * np.sin(a + np.pi / 2)
        dx, dy = np.cos(a) * lesion.rx, np.sin(a) * lesion.ry
        septum = np.zeros(shape, np.float32)
        cv2.line(septum, (int(px - dx), int(py - dy)), (int(px + dx), int(py + dy)), 1.0, int(rng.integers(2, 4)), cv2.LINE_AA)
        septum *= lumen
        echo[:] = np.maximum(echo, 0.8 * septum)
    if rng.random() < 0.35:
        start = rng.uniform(0, 360)
        calc = np.zeros(shape, np.float32)
        cv2.ellipse(calc, (int(lesion.cx), int(lesion.cy)), (int(lesion.rx * 1.04), int(lesion.ry * 1.04)),
                    lesion.angle_deg, start, start + rng.uniform(20, 50), 1.0, 4, cv2.LINE_AA)
        cast_shadow(echo, calc)
        echo[:] = np.maximum(echo, 1.5 * calc)


def draw_scn(rng: np.random.Generator, echo: np.ndarray, lesion: Lesion) -> None:
    shape = echo.shape
    outer = lesion_mask(shape, lesion, 1.05)
    echo[:] = echo * (1 - outer) + 0.75 * outer
    inside = lesion_mask(shape, lesion, 1.0)
    locules = np.zeros(shape, np.float32)
    area = np.pi * lesion.rx * lesion.ry
    r_mean = rng.uniform(5.0, 9.0)
    for _ in range(int(area / (np.pi * r_mean ** 2) * 1.4)):
        t, rho = rng.uniform(0, 2 * np.pi), np.sqrt(rng.random())
        a = np.deg2rad(lesion.angle_deg)
        u, v = rho * lesion.rx * np.cos(t), rho * lesion.ry * np.sin(t)
        x, y = lesion.cx + u * np.cos(a) - v * np.sin(a), lesion.cy + u * np.sin(a) + v * np.cos(a)
        r = max(2.0, rng.normal(r_mean, r_mean * 0.3))
        cv2.ellipse(locules, (int(x), int(y)), (int(r), int(r * rng.uniform(0.7, 1.0))), rng.uniform(0, 180),
                    0, 360, 1.0, -1, cv2.LINE_AA)
    # Thin septa survive between neighbouring locules: erode the union a little.
    locules = cv2.erode(locules, np.ones((3, 3), np.uint8)) * inside
    echo[:] = echo * (1 - locules) + 0.05 * locules
    if rng.random() < 0.4:
        scar = np.zeros(shape, np.float32)
        for k in range(int(rng.integers(4, 8))):
            ang = rng.uniform(0, 2 * np.pi)
            length = rng.uniform(0.3, 0.6) * min(lesion.rx, lesion.ry)
            cv2.line(scar, (int(lesion.cx), int(lesion.cy)),
                     (int(lesion.cx + length * np.cos(ang)), int(lesion.cy + length * np.sin(ang))), 1.0, 3, cv2.LINE_AA)
        cv2.circle(scar, (int(lesion.cx), int(lesion.cy)), int(0.15 * min(lesion.rx, lesion.ry)), 1.0, -1, cv2.LINE_AA)
        echo[:] = np.maximum(echo, 1.1 * cv2.GaussianBlur(scar, (0, 0), 1.0))


def cast_shadow(echo: np.ndarray, reflector: np.ndarray) -> None:
    """Darkens the tissue beyond a strong reflector (the beam travels down the scene)."""
    shadow = np.maximum.accumulate(reflector, axis=0)
    echo *= 1.0 - 0.8 * cv2.GaussianBlur(shadow, (0, 0), 2.0)


def posterior_enhancement(echo: np.ndarray, lesion: Lesion) -> None:
    fluid = lesion_mask(echo.shape, lesion, 0.9)
    beyond = np.maximum.accumulate(fluid, axis=0) - fluid
    echo *= 1.0 + 0.35 * cv2.GaussianBlur(beyond, (0, 0), 6.0)


def speckle(rng: np.random.Generator, shape: Tuple[int, int]) -> np.ndarray:
    """Fully developed speckle: the magnitude of smoothed complex noise, mean 1, elongated laterally."""
    re = cv2.GaussianBlur(rng.standard_normal(shape).astype(np.float32), (0, 0), sigmaX=1.8, sigmaY=0.9)
    im = cv2.GaussianBlur(rng.standard_normal(shape).astype(np.float32), (0, 0), sigmaX=1.8, sigmaY=0.9)
    mag = np.sqrt(re * re + im * im)
    return mag / mag.mean()


def make_scene(rng: np.random.Generator, width: int, height: int, kind: Optional[int],
               lesion_radius: float = 70.0, lesion_at: Optional[Tuple[float, float]] = None) -> EusScene:
    shape = (height, width)
    echo = 0.42 + 0.08 * smooth_noise(rng, shape, 60.0) + 0.05 * smooth_noise(rng, shape, 8.0)
    pancreas = np.zeros(shape, np.float32)
    pcx, pcy = width * rng.uniform(0.35, 0.65), height * rng.uniform(0.4, 0.6)
    cv2.ellipse(pancreas, (int(pcx), int(pcy)), (int(width * 0.45), int(height * rng.uniform(0.18, 0.28))),
                rng.uniform(-25, 25), 0, 360, 1.0, -1)
    pancreas = cv2.GaussianBlur(pancreas, (0, 0), 12.0)
    echo += 0.16 * pancreas * (1 + 0.3 * smooth_noise(rng, shape, 4.0))
    for _ in range(int(rng.integers(1, 3))):
        vessel = np.zeros(shape, np.float32)
        y0 = rng.uniform(0, height)
        cv2.line(vessel, (0, int(y0)), (width, int(y0 + rng.uniform(-150, 150))), 1.0, int(rng.uniform(10, 24)), cv2.LINE_AA)
        vessel = cv2.GaussianBlur(vessel, (0, 0), 2.0)
        echo = echo * (1 - 0.85 * vessel)
    echo = echo.astype(np.float32)

    lesion = None
    if kind is not None:
        cx, cy = lesion_at if lesion_at else (width / 2, height / 2)
        r = lesion_radius * rng.uniform(0.75, 1.25)
        lesion = Lesion(cx, cy, r * rng.uniform(0.8, 1.2), r * rng.uniform(0.7, 1.0), float(rng.uniform(-30, 30)), kind)
        posterior_enhancement(echo, lesion)
        (draw_mcn if kind == 0 else draw_scn)(rng, echo, lesion)
    canvas = echo * speckle(rng, shape)
    return EusScene(canvas.astype(np.float32), lesion)


@dataclass(frozen=True)
class Probe:
    """Per-frame scanner settings: overall gain, attenuation, noise floor."""
    gain: float = 1.0
    attenuation: float = 1.2
    noise: float = 0.03

    @staticmethod
    def random(rng: np.random.Generator) -> "Probe":
        return Probe(float(rng.uniform(0.8, 1.25)), float(rng.uniform(0.6, 1.8)), float(rng.uniform(0.01, 0.05)))


@functools.lru_cache(maxsize=4)
def fan_geometry(width: int, height: int) -> Tuple[np.ndarray, np.ndarray]:
    """Fan mask (1 inside the sector) and normalised depth (0 at the apex, 1 at the far edge)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    apex_x, apex_y = width / 2.0, -0.05 * height
    r = np.hypot(xs - apex_x, ys - apex_y)
    theta = np.degrees(np.arctan2(xs - apex_x, ys - apex_y))
    r0, r1 = 0.08 * height, 1.0 * height
    mask = ((r > r0) & (r < r1) & (np.abs(theta) < 40)).astype(np.float32)
    mask = cv2.GaussianBlur(mask, (0, 0), 1.0)
    return mask, np.clip((r - r0) / (r1 - r0), 0, 1)


def fan_contains(width: int, height: int, box: Box) -> bool:
    mask, _ = fan_geometry(width, height)
    x, y, w, h = (int(round(v)) for v in box)
    cx, cy = min(max(x + w // 2, 0), width - 1), min(max(y + h // 2, 0), height - 1)
    return bool(mask[cy, cx] > 0.5)


def render(rng: np.random.Generator, scene: EusScene, camera: Camera, probe: Probe,
           width: int = FRAME_SIZE[0], height: int = FRAME_SIZE[1]) -> EusFrame:
    mask, depth = fan_geometry(width, height)
    view = camera.view(scene.canvas, width, height)
    img = view * probe.gain * np.exp(-probe.attenuation * depth) * (1 + 0.4 * np.exp(-depth * 25))
    img = img + np.abs(rng.normal(0, probe.noise, img.shape)).astype(np.float32)
    img = np.clip(np.log1p(4.0 * img) / np.log1p(4.0 * 1.2), 0, 1) * mask
    grey = (img * 255 + 0.5).astype(np.uint8)
    draw_depth_marks(grey)
    box = None
    if scene.lesion is not None:
        box = visible_box(camera.project_points(scene.lesion.outline(), width, height), width, height)
        if box is not None and not fan_contains(width, height, box):
            box = None
    return EusFrame(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), box, scene.lesion if box is not None else None)


def draw_depth_marks(grey: np.ndarray) -> None:
    h, w = grey.shape
    for k in range(1, 6):
        cv2.circle(grey, (w - 24, int(k * h / 6)), 2, 200, -1)


def random_frame(rng: np.random.Generator, kind: Optional[int],
                 width: int = FRAME_SIZE[0], height: int = FRAME_SIZE[1]) -> EusFrame:
    """One still frame; a labelled lesion has its box centre inside the fan."""
    sw, sh = int(width * 1.3), int(height * 1.3)
    zoom = float(rng.uniform(0.85, 1.2))
    radius = float(rng.uniform(45, 95)) / zoom
    at = (sw / 2 + rng.uniform(-0.12, 0.12) * width / zoom, sh / 2 + rng.uniform(-0.05, 0.2) * height / zoom)
    scene = make_scene(rng, sw, sh, kind, radius, at)
    camera = Camera(sw / 2, sh / 2, zoom, float(rng.uniform(-10, 10)))
    return render(rng, scene, camera, Probe.random(rng), width, height)
