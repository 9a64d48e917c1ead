"""Writes a tiny TorchScript segmenter for the segmenter tests, one whose
answer a test can draw: segmenter_test_model.pt ([1, 1, 48, 64] grey ->
[1, 2, 24, 32] logits for background and "organ"). A pixel is organ where
the picture is bright: logits = [0, 16 * (pooled normalised grey - 0.5)],
so a white disc on black comes back as that disc, at half the input size.

Run: /usr/bin/python3 tests/models/make_segmenter_test_model.py
"""
from pathlib import Path

import torch
from torch import nn


class BrightnessSegmenter(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = nn.functional.avg_pool2d(x, 2)
        organ = 16.0 * (pooled - 0.5)
        return torch.cat([torch.zeros_like(organ), organ], dim=1)


def main() -> None:
    here = Path(__file__).parent
    torch.jit.save(torch.jit.script(BrightnessSegmenter().eval()), str(here / "segmenter_test_model.pt"))


if __name__ == "__main__":
    main()
