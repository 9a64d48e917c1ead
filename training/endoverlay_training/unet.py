"""U-Net with a VGG-style encoder for the ampulla soft mask (Kim et al. 2021).

`VGG16` gives the paper's encoder (64-128-256-512-512 channels, 2-2-3-3-3
convolutions); the demo model uses the same shape at a fraction of the width.
Input: (N, 3, H, W) normalised RGB, H and W divisible by 16.
Output: (N, 1, H / s, W / s) logits of the soft mask, s = 2 ** (stages left
out of the decoder); apply a sigmoid for the mask. The paper's decoder goes
back to full resolution; the soft mask is smooth, so the demo model stops one
stage early and the app resizes the mask to the frame.
"""
from typing import List, Optional, Sequence

import torch
from torch import nn

VGG16_WIDTHS = (64, 128, 256, 512, 512)
VGG16_CONVS = (2, 2, 3, 3, 3)


def conv_stack(in_ch: int, out_ch: int, convs: int) -> nn.Sequential:
    layers: List[nn.Module] = []
    for i in range(convs):
        layers += [nn.Conv2d(in_ch if i == 0 else out_ch, out_ch, 3, padding=1, bias=False),
                   nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class VggUNet(nn.Module):
    def __init__(self, widths: Sequence[int] = VGG16_WIDTHS, convs: Sequence[int] = VGG16_CONVS,
                 decoder_stages: Optional[int] = None):
        super().__init__()
        if len(widths) != len(convs):
            raise ValueError("widths and convs must have one entry per encoder stage")
        stages = len(widths) - 1 if decoder_stages is None else decoder_stages
        if not 1 <= stages <= len(widths) - 1:
            raise ValueError(f"decoder_stages must be 1..{len(widths) - 1}")
        self.encoder = nn.ModuleList()
        in_ch = 3
        for w, n in zip(widths, convs):
            self.encoder.append(conv_stack(in_ch, w, n))
            in_ch = w
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList()
        self.decoder = nn.ModuleList()
        for i in range(len(widths) - 1, len(widths) - 1 - stages, -1):
            self.up.append(nn.ConvTranspose2d(widths[i], widths[i - 1], 2, stride=2))
            self.decoder.append(conv_stack(2 * widths[i - 1], widths[i - 1], 2))
        self.head = nn.Conv2d(widths[len(widths) - 1 - stages], 1, 1)
        self.output_stride = 2 ** (len(widths) - 1 - stages)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips: List[torch.Tensor] = []
        for i, stage in enumerate(self.encoder):
            if i > 0:
                x = self.pool(x)
            x = stage(x)
            skips.append(x)
        for i, (up, dec) in enumerate(zip(self.up, self.decoder)):
            x = up(x)
            x = dec(torch.cat([x, skips[len(skips) - 2 - i]], dim=1))
        return self.head(x)


def scaled_widths(base: int) -> List[int]:
    """VGG16 widths scaled so that the first stage has `base` channels."""
    return [max(1, w * base // 64) for w in VGG16_WIDTHS]
