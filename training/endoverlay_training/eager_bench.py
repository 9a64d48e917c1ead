"""PyTorch eager timing of the shipped models on a clip: the other half of
`endoverlay-cli bench --compare-eager`. It runs the heads of a mode the way
card_inference.py does (ERCP: ampulla, then difficulty around a shown box;
EUS: cyst type) on the same frames with the same thread count, and times
what the C++ engine's "inference" stage times: each model's forward pass and
its sigmoid or softmax.

    python3 -m endoverlay_training.eager_bench VIDEO --mode ercp --frames 250 --threads 1 --models DIR --json OUT
"""
import argparse
import json
import time
from pathlib import Path
from typing import Dict, List

import cv2
import numpy as np
import torch

from . import card_inference, eager_models, regions
from .softmask import mask_to_box

WARM_UP = 5


# The tasks each mode's heads run, as the bundled protocols name them.
MODE_TASKS = {"ercp": ("ampulla_soft_mask", "cannulation_difficulty"), "eus": ("cyst_type",)}


def cards_by_task(models: Path, mode: str) -> Dict[str, Path]:
    """The card of each of `mode`'s tasks; the folder's other cards (CT, MRI, CEUS) are not loaded."""
    cards = {json.loads(p.read_text())["task"]: p for p in sorted(models.glob("*.json"))}
    return {task: path for task, path in cards.items() if task in MODE_TASKS[mode]}


def read_frames(video: str, count: int) -> List[np.ndarray]:
    capture = cv2.VideoCapture(video)
    frames = []
    while len(frames) < count:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    if not frames:
        raise SystemExit(f"{video}: no frames")
    return frames


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, (time.perf_counter() - start) * 1000.0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("video")
    p.add_argument("--mode", choices=("ercp", "eus"), default="ercp")
    p.add_argument("--frames", type=int, default=250)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--models", type=Path, required=True)
    p.add_argument("--json", type=Path, required=True)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    paths = cards_by_task(args.models, args.mode)
    cards = {task: json.loads(path.read_text()) for task, path in paths.items()}
    models = {task: eager_models.load(path) for task, path in paths.items()}
    frames = read_frames(args.video, args.frames + WARM_UP)

    times = []
    with torch.inference_mode():
        for frame in frames:
            if args.mode == "eus":
                card = cards["cyst_type"]
                x = card_inference.preprocess(frame, card)
                _, ms = timed(lambda: torch.softmax(models["cyst_type"](x)[0], dim=1))
            else:
                card = cards["ampulla_soft_mask"]
                x = card_inference.preprocess(frame, card)
                mask, ms = timed(lambda: torch.sigmoid(models["ampulla_soft_mask"](x))[0, 0].numpy())
                h, w = frame.shape[:2]
                found = mask_to_box(mask, card["postprocess"]["box_threshold"], (w, h))
                difficulty = cards.get("cannulation_difficulty")
                if difficulty and found and found.score >= card["postprocess"]["display_threshold"]:
                    roi = difficulty["input"]["region_of_interest"]
                    region = regions.papilla_region(frame, found.box, roi["scale"], difficulty["input"]["width"])
                    x2 = card_inference.preprocess(region, difficulty)
                    _, ms2 = timed(lambda: torch.softmax(models["cannulation_difficulty"](x2)[0], dim=1))
                    ms += ms2
            times.append(ms)
    counted = np.array(times[WARM_UP:])
    summary = {"frames": len(counted), "threads": args.threads, "mode": args.mode,
               "models": sorted(card["name"] for card in cards.values()),
               "inference_ms": {"mean": float(counted.mean()), "p50": float(np.percentile(counted, 50)),
                                "p99": float(np.percentile(counted, 99))}}
    args.json.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
