"""ResNet-style classifiers for cannulation difficulty, cyst type and CEUS lesion type.

`resnet50` gives the papers' ResNet50 layout (bottleneck blocks 3-4-6-3,
width 64); the demo models use basic blocks at a smaller width. The model
returns (logits, feature map of the last convolutional stage); `head` maps a
feature map to logits, so Grad-CAM can take gradients with respect to it.
"""
from typing import List, Sequence, Tuple

import torch
from torch import nn


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_ch: int, width: int, stride: int):
        super().__init__()
        out_ch = width * self.expansion
        self.body = nn.Sequential(
            nn.Conv2d(in_ch, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, out_ch, 3, 1, 1, bias=False), nn.BatchNorm2d(out_ch))
        self.shortcut = shortcut(in_ch, out_ch, stride)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(self.body(x) + self.shortcut(x))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, in_ch: int, width: int, stride: int):
        super().__init__()
        out_ch = width * self.expansion
        self.body = nn.Sequential(
            nn.Conv2d(in_ch, width, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, out_ch, 1, bias=False), nn.BatchNorm2d(out_ch))
        self.shortcut = shortcut(in_ch, out_ch, stride)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(self.body(x) + self.shortcut(x))


def shortcut(in_ch: int, out_ch: int, stride: int) -> nn.Module:
    if stride == 1 and in_ch == out_ch:
        return nn.Identity()
    return nn.Sequential(nn.Conv2d(in_ch, out_ch, 1, stride, bias=False), nn.BatchNorm2d(out_ch))


class ResNetClassifier(nn.Module):
    def __init__(self, classes: int, in_channels: int = 3, width: int = 64,
                 blocks: Sequence[int] = (3, 4, 6, 3), bottleneck: bool = True, dropout: float = 0.0, hidden: int = 0):
        super().__init__()
        block = Bottleneck if bottleneck else BasicBlock
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2, 1))
        stages: List[nn.Module] = []
        in_ch = width
        for i, count in enumerate(blocks):
            stage_width = width * 2 ** i
            for j in range(count):
                stages.append(block(in_ch, stage_width, 2 if (j == 0 and i > 0) else 1))
                in_ch = stage_width * block.expansion
        self.features = nn.Sequential(*stages)
        self.classifier = head_layers(in_ch, hidden, classes, dropout)   # below the class: see there why
        self.feature_channels = in_ch

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        feature_map = self.features(self.stem(x))
        return self.head(feature_map), feature_map

    @torch.jit.export
    def head(self, feature_map: torch.Tensor) -> torch.Tensor:
        return self.classifier(feature_map.mean(dim=(2, 3)))


def resnet50(classes: int, in_channels: int = 3, hidden: int = 0, dropout: float = 0.0) -> ResNetClassifier:
    return ResNetClassifier(classes, in_channels, 64, (3, 4, 6, 3), bottleneck=True, dropout=dropout, hidden=hidden)


def head_layers(in_ch: int, hidden: int, classes: int, dropout: float) -> nn.Sequential:
    """What `head` applies to the pooled features: dropout and one linear layer, or with `hidden`
    two linear layers with a ReLU and the dropout between them (Tong et al. 2022: FC 512, dropout 0.5,
    FC 2). The softmax stays the app's (the card's postprocess), so every model returns logits.

    Defined here, below the scripted classes, because TorchScript files record the source lines of
    forward() and head(): the demo models' files stay byte for byte what they were."""
    if not hidden:
        return nn.Sequential(nn.Dropout(dropout), nn.Linear(in_ch, classes))
    return nn.Sequential(nn.Linear(in_ch, hidden), nn.ReLU(inplace=True), nn.Dropout(dropout),
                         nn.Linear(hidden, classes))
