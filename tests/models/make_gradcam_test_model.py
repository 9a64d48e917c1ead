"""Writes gradcam_test_model.pt: a tiny TorchScript classifier shaped like the
shipped ones (forward returns logits and a feature map; head maps a feature
map to logits) but with a non-linear head, so Grad-CAM's gradients vary over
space. The C++ test computes the expected map by hand from its weights.

Run: /usr/bin/python3 tests/models/make_gradcam_test_model.py
"""
from pathlib import Path
from typing import Tuple

import torch
from torch import nn


class TinyClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3, padding=1)
        self.fc = nn.Linear(3, 2)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        feature_map = self.conv(x)
        return self.head(feature_map), feature_map

    @torch.jit.export
    def head(self, feature_map: torch.Tensor) -> torch.Tensor:
        return self.fc((torch.relu(feature_map) ** 2).mean(dim=(2, 3)))


def main() -> None:
    torch.manual_seed(3)
    model = TinyClassifier().eval()
    with torch.no_grad():
        model.fc.weight.copy_(torch.tensor([[1.0, -2.0, 0.5], [-0.5, 1.5, 2.0]]))
        model.fc.bias.copy_(torch.tensor([0.1, -0.1]))
    torch.jit.save(torch.jit.script(model), str(Path(__file__).with_name("gradcam_test_model.pt")))


if __name__ == "__main__":
    main()
