"""Writes two tiny TorchScript models whose outputs turn non-finite on
inputs a test can arrange, for the invalid-output tests:

- nonfinite_mask.pt (a soft-mask localiser, [1, 3, 24, 32] -> [1, 1, 12, 16]):
  logits = 4 * sqrt(pooled channel mean) - 2. Finite while the normalised
  input is not negative; NaN where it is, so a card whose mean lies above the
  pixels makes NaN.
- nonfinite_classifier.pt (a two-class classifier, [1, 1, 32, 32] -> [1, 2]):
  logits = [1 / mean(input), 0]. Infinite on an input whose mean is 0, such
  as a black frame with a card mean of 0.

Run: /usr/bin/python3 tests/models/make_nonfinite_test_models.py
"""
from pathlib import Path

import torch
from torch import nn


class SqrtMask(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = nn.functional.avg_pool2d(x.mean(dim=1, keepdim=True), 2)
        return 4.0 * torch.sqrt(pooled) - 2.0


class ReciprocalClassifier(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        first = 1.0 / x.mean()
        return torch.stack([first, torch.zeros_like(first)]).unsqueeze(0)


def main() -> None:
    here = Path(__file__).parent
    torch.jit.save(torch.jit.script(SqrtMask().eval()), str(here / "nonfinite_mask.pt"))
    torch.jit.save(torch.jit.script(ReciprocalClassifier().eval()), str(here / "nonfinite_classifier.pt"))


if __name__ == "__main__":
    main()
