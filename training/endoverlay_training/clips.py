"""Demo clips: a camera path over a fixed phantom scene, H.264 in MP4, with
per-frame ground truth written beside the clip as JSON Lines:
{"frame": i, "pts_ns": t, "box": [x, y, w, h] or null, "label": name or null}
(CEUS clips add the B-mode box, the seconds since the injection and the phase,
and a DICOM cine of the same frames) and a small JSON description of the clip."""
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from . import ceus_phantom, dicom_cine, ercp_phantom, eus_phantom
from .camera import Camera

FPS = 25


@dataclass(frozen=True)
class Key:
    t: float
    x: float
    y: float
    zoom: float
    angle: float


def smoothstep(u: float) -> float:
    return u * u * (3 - 2 * u)


def camera_at(keys: Sequence[Key], t: float, tremor: float) -> Camera:
    """Eased motion between key poses plus a hand's tremor."""
    k = max(i for i, key in enumerate(keys) if key.t <= t) if t >= keys[0].t else 0
    a, b = keys[k], keys[min(k + 1, len(keys) - 1)]
    u = 0.0 if b.t == a.t else smoothstep(min(max((t - a.t) / (b.t - a.t), 0.0), 1.0))
    mix = lambda p, q: p + (q - p) * u  # noqa: E731
    jx = tremor * (np.sin(2 * np.pi * 0.7 * t) + 0.5 * np.sin(2 * np.pi * 1.9 * t + 1.0))
    jy = tremor * (np.sin(2 * np.pi * 0.5 * t + 2.0) + 0.5 * np.sin(2 * np.pi * 1.3 * t))
    return Camera(mix(a.x, b.x) + jx, mix(a.y, b.y) + jy, mix(a.zoom, b.zoom), mix(a.angle, b.angle))


@dataclass
class TruthFrame:
    box: Optional[Tuple[float, float, float, float]]
    label: Optional[str]
    extra: Optional[Dict[str, Any]] = None    # more fields of the frame's row


class ClipWriter:
    """Writes frames to MP4 and their ground truth to JSON Lines. With kbps, the H.264 goes through
    GStreamer's x264 at that average rate: OpenCV's own writer has no rate control, and noisy
    scenes such as CEUS speckle came out at 2 Mbit/s."""

    def __init__(self, path: Path, size: Tuple[int, int], fps: int = FPS, kbps: Optional[int] = None):
        self.path, self.size, self.fps = Path(path), size, fps
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if kbps is None:
            self.video = cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(*"avc1"), fps, size)
        else:
            location = str(self.path.resolve()).replace("\\", "\\\\").replace('"', '\\"')
            self.video = cv2.VideoWriter(
                f"appsrc ! videoconvert ! video/x-raw,format=I420 ! x264enc bitrate={kbps} speed-preset=medium "
                f"key-int-max={2 * fps} threads=1 ! video/x-h264,profile=high ! mp4mux ! "
                f'filesink location="{location}"', cv2.CAP_GSTREAMER, 0, fps, size)
        if not self.video.isOpened():
            raise RuntimeError(f"cannot open an H.264 writer for {self.path}")
        self.truth: List[dict] = []

    def add(self, image: np.ndarray, truth: TruthFrame) -> None:
        i = len(self.truth)
        self.video.write(image)
        self.truth.append({"frame": i, "pts_ns": i * 1_000_000_000 // self.fps,
                           "box": [round(v, 2) for v in truth.box] if truth.box else None,
                           "label": truth.label, **(truth.extra or {})})

    def close(self, description: dict) -> None:
        self.video.release()
        stem = self.path.with_suffix("")
        with open(f"{stem}.truth.jsonl", "w", encoding="utf-8") as f:
            for row in self.truth:
                f.write(json.dumps(row) + "\n")
        description.update({"video": self.path.name, "truth": f"{stem.name}.truth.jsonl", "fps": self.fps,
                            "width": self.size[0], "height": self.size[1], "frames": len(self.truth),
                            "frames_with_target": sum(r["box"] is not None for r in self.truth),
                            "training_data": "synthetic phantom — not for clinical use"})
        Path(f"{stem}.json").write_text(json.dumps(description, indent=2) + "\n", encoding="utf-8")


def record(writer: ClipWriter, seconds: float, keys: Sequence[Key], tremor: float,
           frame_at: Callable[[Camera, float], Tuple[np.ndarray, TruthFrame]]) -> None:
    for i in range(int(round(seconds * writer.fps))):
        t = i / writer.fps
        image, truth = frame_at(camera_at(keys, t, tremor), t)
        writer.add(image, truth)


ERCP_KEYS = (Key(0, 420, 520, 1.0, 0), Key(3, 560, 560, 1.0, -4), Key(7, 1020, 610, 1.1, 4),
             Key(11, 1110, 630, 1.35, 10), Key(15, 1070, 590, 1.25, -6), Key(18, 1120, 600, 1.15, 0),
             Key(21.5, 700, 480, 1.0, -8), Key(25, 480, 620, 0.95, 0))


def ercp_clip(path: Path, seed: int, seconds: float = 25.0) -> dict:
    rng = np.random.default_rng(seed)
    scene = ercp_phantom.make_scene(rng, 1600, 1100, True, papilla_scale=48.0, papilla_at=(1100, 600))
    papilla = scene.papilla
    writer = ClipWriter(path, ercp_phantom.FRAME_SIZE)
    previous = [ERCP_KEYS[0].x, ERCP_KEYS[0].y]

    def frame_at(camera: Camera, t: float):
        speed = np.hypot(camera.centre_x - previous[0], camera.centre_y - previous[1]) * camera.zoom
        previous[:] = [camera.centre_x, camera.centre_y]
        optics = ercp_phantom.Optics(gain=1.0 + 0.12 * np.sin(t * 0.9), gamma=1.0, blur_sigma=0.0,
                                     motion_blur=float(speed) if speed >= 3 else 0.0, vignette=0.45, noise=0.006)
        frame = ercp_phantom.render(rng, scene, camera, optics)
        label = ercp_phantom.OUTCOMES[papilla.outcome] if frame.box else None
        return frame.image, TruthFrame(frame.box, label)

    record(writer, seconds, ERCP_KEYS, 4.0, frame_at)
    description = {"mode": "ERCP", "seed": seed, "papilla": {
        "morphology": papilla.morphology, "diverticulum": papilla.diverticulum, "hooded": papilla.hooded,
        "difficult_probability": round(papilla.difficult_probability, 3),
        "outcome": ercp_phantom.OUTCOMES[papilla.outcome]}}
    writer.close(description)
    return description


EUS_KEYS = (Key(0, 330, 470, 1.0, -6), Key(4, 560, 500, 1.0, -2), Key(8.5, 720, 520, 1.1, 4),
            Key(12.5, 1050, 480, 1.0, 0))


def eus_clip(path: Path, seed: int, seconds: float = 25.0) -> dict:
    """Two sweeps, one over an MCN and one over an SCN, as if the probe was moved between them."""
    rng = np.random.default_rng(seed)
    scenes = [eus_phantom.make_scene(rng, 1400, 1000, kind, 80.0, (700, 520)) for kind in (0, 1)]
    writer = ClipWriter(path, eus_phantom.FRAME_SIZE)
    half = seconds / 2

    def frame_at(camera: Camera, t: float):
        scene = scenes[0] if t < half else scenes[1]
        probe = eus_phantom.Probe(gain=1.0 + 0.05 * np.sin(t), attenuation=1.1, noise=0.02)
        frame = eus_phantom.render(rng, scene, camera, probe)
        label = eus_phantom.CYST_TYPES[frame.lesion.kind] if frame.lesion else None
        return frame.image, TruthFrame(frame.box, label)

    sweep = list(EUS_KEYS) + [Key(k.t + half, k.x, k.y + 20, k.zoom, -k.angle) for k in EUS_KEYS]
    record(writer, seconds, sweep, 3.0, frame_at)
    description = {"mode": "EUS", "seed": seed, "lesions": [
        {"type": eus_phantom.CYST_TYPES[s.lesion.kind], "from_s": i * half, "to_s": (i + 1) * half}
        for i, s in enumerate(scenes)]}
    writer.close(description)
    return description


CEUS_FPS = 15                   # CEUS scanners run at low frame rates; a minute costs what 40 s at 25 fps did
CEUS_SECONDS = 60.0
CEUS_KBPS = 350                 # about 2.6 MB a minute; the speckle and the lesion stay visible at this rate
CEUS_INJECTION_AT_S = 2.0
# The probe drifts gently over the whole minute, the lesion always in view.
CEUS_KEYS = (Key(0, 350, 400, 1.0, -3), Key(9, 362, 392, 1.03, 1), Key(21, 340, 408, 1.0, -1),
             Key(32, 356, 398, 1.02, 2), Key(40, 348, 404, 1.0, -2), Key(48, 360, 394, 1.03, 1),
             Key(55, 342, 406, 1.01, -2), Key(60, 352, 400, 1.0, 0))
# The DICOM cine keeps every 2nd frame (7.5 fps) at JPEG quality 28, to stay under 10 MB: the bubble
# speckle drawn afresh every frame costs about 45 kB a frame at quality 80 (40 MB for the minute), and
# still 22 kB at quality 30. The CEUS model's P(PDAC) on the region of interest moves by 0.01 on average.
CEUS_DICOM_STEP = 2
CEUS_DICOM_QUALITY = 28


def ceus_box(box: Optional[Tuple[float, float, float, float]]) -> Optional[List[float]]:
    return [round(v, 2) for v in box] if box else None


def seconds_since_injection(t: float) -> Optional[float]:
    """The CEUS clip's clock runs in real time: None before the injection, then the clip's time since it."""
    return t - CEUS_INJECTION_AT_S if t >= CEUS_INJECTION_AT_S else None


def ceus_clip(path: Path, seed: int, kind: int, seconds: float = CEUS_SECONDS) -> dict:
    """One lesion (kind: index into ceus_phantom.CLASSES) held in view while the contrast comes in,
    in real time, as the app times the phases from the moment its user marks the injection:
    injected CEUS_INJECTION_AT_S into the clip, so a minute shows the vascular and the pancreatic
    phase. The probe drifts a little and the patient breathes. Beside the MP4, the same frames as a
    DICOM cine (path with .dcm), for the app's DICOM source."""
    rng = np.random.default_rng(seed)
    scene = ceus_phantom.make_scene(rng, 700, 800, kind, 40.0, (350, 360))
    scanner = ceus_phantom.Scanner(gain=1.0, attenuation=1.1, noise=0.02, contrast_gain=0.85,
                                   contrast_attenuation=0.6, residual=0.05, contrast_noise=0.01,
                                   tinted=bool(rng.random() < 0.5))
    writer = ClipWriter(path, ceus_phantom.FRAME_SIZE, CEUS_FPS, CEUS_KBPS)
    cine = dicom_cine.CineWriter(CEUS_FPS, CEUS_DICOM_STEP, CEUS_DICOM_QUALITY, colour=scanner.tinted)

    def frame_at(camera: Camera, t: float):
        breathing = 5.0 * np.sin(2 * np.pi * 0.25 * t)
        camera = Camera(camera.centre_x, camera.centre_y + breathing, camera.zoom, camera.angle_deg)
        since = seconds_since_injection(t)
        frame = ceus_phantom.render(rng, scene, camera, scanner, since)
        cine.add(frame.image)
        label = ceus_phantom.CLASSES[kind] if frame.box else None
        return frame.image, TruthFrame(frame.box, label, {
            "bmode_box": ceus_box(frame.bmode_box),
            "seconds_since_injection": None if since is None else round(since, 2), "phase": frame.phase})

    record(writer, seconds, CEUS_KEYS, 1.5, frame_at)
    lesion = scene.lesion
    name = ceus_phantom.CLASSES[kind]
    end = seconds - CEUS_INJECTION_AT_S
    description = {"mode": "CEUS", "seed": seed, "lesion": {
        "type": name, "enhancement": round(lesion.enhancement, 3),
        "heterogeneity": round(lesion.heterogeneity, 3), "necrosis": lesion.necrosis,
        "calcified": lesion.calcified, "duct": lesion.duct},
        "injection_at_s": CEUS_INJECTION_AT_S,
        "time": f"real time: contrast injected {CEUS_INJECTION_AT_S:g} s into the clip; seconds_since_injection in "
                f"the truth is the clip's time less {CEUS_INJECTION_AT_S:g} s, {end:g} s at its end "
                f"({ceus_phantom.phase_of(end)} phase; vascular 0-30 s, pancreatic 31-60 s, delayed after)",
        "views": "B-mode left, contrast right; box: the lesion on the contrast half, bmode_box: on the B-mode half"}
    description.update(cine.write(Path(path).with_suffix(".dcm"), dicom_cine.Identity(
        f"PHANTOM-CEUS-{name}", f"Synthetic phantom CEUS {name} demo, not for clinical use", f"ceus/{seed}/{kind}")))
    writer.close(description)
    return description
