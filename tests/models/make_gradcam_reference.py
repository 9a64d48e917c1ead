"""Writes eus_demo_gradcam_reference.json: Grad-CAM of the shipped cyst-type
model on frame 100 of the EUS demo clip, computed in Python with PyTorch's
autograd, for the C++ Grad-CAM to agree with.

Run from the repository root: /usr/bin/python3 tests/models/make_gradcam_reference.py
"""
import json
import sys
from pathlib import Path

import cv2
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))
from endoverlay_training import card_inference  # noqa: E402

FRAME = 100


def main() -> None:
    card = json.loads((ROOT / "resources/models/eus-cyst-demo.json").read_text())
    model = torch.jit.load(str(ROOT / "resources/models/eus-cyst-demo.pt")).eval()
    capture = cv2.VideoCapture(str(ROOT / "resources/clips/eus_demo.mp4"))
    for _ in range(FRAME + 1):
        ok, frame = capture.read()
        assert ok
    logits, feature_map = model(card_inference.preprocess(frame, card))
    top = int(logits[0].argmax())
    features = feature_map.detach().requires_grad_(True)
    gradient, = torch.autograd.grad(model.head(features)[0, top], features)
    cam = torch.relu((gradient.mean((2, 3), keepdim=True) * features).sum(1))[0]
    cam = cam / cam.max()
    rows = [[round(float(v), 4) for v in row] for row in cam.tolist()]
    out = {"frame": FRAME, "label": card["labels"][top], "map": rows}
    Path(__file__).with_name("eus_demo_gradcam_reference.json").write_text(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
