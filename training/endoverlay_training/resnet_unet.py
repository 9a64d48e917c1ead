"""U-Net with a ResNet encoder for the liver on T2 MRI (the cirrhosis study segmented with a U-Net on a
ResNet34 encoder).

`resnet34_unet` gives ResNet34's encoder (basic blocks 3-4-6-3, widths 64-128-256-512 after a 7×7
stride-2 stem and a max pool); the demo model has the same layout with one block a stage at a
fraction of the width. The decoder goes back up stage by stage, joining the encoder's output at each
scale, to the input's resolution. Input: (N, C, H, W), H and W divisible by 32. Output: (N, 2, H, W)
logits of background and liver; a softmax gives each pixel's probabilities.
"""
from typing import List, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from .resnet import BasicBlock
from .unet import conv_stack


class ResNetUNet(nn.Module):
    def __init__(self, classes: int = 2, in_channels: int = 1, width: int = 64, blocks: Sequence[int] = (3, 4, 6, 3)):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(in_channels, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width),
                                  nn.ReLU(inplace=True))
        self.pool = nn.MaxPool2d(3, 2, 1)
        self.stages = nn.ModuleList()
        widths: List[int] = []
        in_ch = width
        for i, count in enumerate(blocks):
            stage_width = width * 2 ** i
            layers = [BasicBlock(in_ch if j == 0 else stage_width, stage_width, 2 if (j == 0 and i > 0) else 1)
                      for j in range(count)]
            self.stages.append(nn.Sequential(*layers))
            in_ch = stage_width
            widths.append(stage_width)
        # Skips, deepest first: the stages' outputs (1/32 … 1/4) and the stem's (1/2).
        skips = widths[-2::-1] + [width]
        self.up = nn.ModuleList()
        self.decoder = nn.ModuleList()
        for skip in skips:
            self.up.append(nn.ConvTranspose2d(in_ch, skip, 2, stride=2))
            self.decoder.append(conv_stack(2 * skip, skip, 2))
            in_ch = skip
        self.final = nn.Sequential(nn.ConvTranspose2d(in_ch, in_ch, 2, stride=2), conv_stack(in_ch, in_ch, 1))
        self.head = nn.Conv2d(in_ch, classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        stem = self.stem(x)
        skips: List[torch.Tensor] = [stem]
        y = self.pool(stem)
        for stage in self.stages:
            y = stage(y)
            skips.append(y)
        skips = skips[:-1]
        for i, (up, dec) in enumerate(zip(self.up, self.decoder)):
            y = up(y)
            skip = skips[len(skips) - 1 - i]
            y = dec(torch.cat([y, skip], dim=1))
        return self.head(self.final(y))


def resnet34_unet(classes: int = 2, in_channels: int = 1) -> ResNetUNet:
    return ResNetUNet(classes, in_channels, 64, (3, 4, 6, 3))


def dice_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """1 − soft Dice of the foreground (channel 1) against a 0/1 target (N, H, W)."""
    p = F.softmax(logits, dim=1)[:, 1]
    t = target.float()
    intersection = (p * t).sum(dim=(1, 2))
    return (1 - (2 * intersection + 1) / (p.sum(dim=(1, 2)) + t.sum(dim=(1, 2)) + 1)).mean()
