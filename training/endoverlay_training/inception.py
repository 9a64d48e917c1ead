"""Inception classifiers for the renal mass per CT phase (Tanaka et al. used Inception-v3).

`inception_v3` is torchvision's Inception-v3 (untrained: no weights can be fetched here) with its first
convolution taking the input's channels; the demo model keeps Inception-v3's kind of block (parallel
1×1, 1×1→3×3, 1×1→3×3→3×3 and pooled 1×1 branches, joined along the channels) at a small width and
depth for 64×64 crops. Both return (logits, feature map of the last convolutional stage) and have
`head`, which maps a feature map to logits, so the app's Grad-CAM works on them as on the ResNets.
"""
from typing import List, Sequence, Tuple

import torch
from torch import nn


def conv_bn(in_ch: int, out_ch: int, kernel: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(in_ch, out_ch, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(out_ch),
                         nn.ReLU(inplace=True))


class InceptionBlock(nn.Module):
    """Inception-v3's first kind of module (its figure 5): four branches of `width` channels each."""

    def __init__(self, in_ch: int, width: int):
        super().__init__()
        self.one = conv_bn(in_ch, width, 1)
        self.three = nn.Sequential(conv_bn(in_ch, width, 1), conv_bn(width, width, 3))
        self.double_three = nn.Sequential(conv_bn(in_ch, width, 1), conv_bn(width, width, 3), conv_bn(width, width, 3))
        self.pool = nn.Sequential(nn.AvgPool2d(3, 1, 1), conv_bn(in_ch, width, 1))
        self.out_channels = 4 * width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.one(x), self.three(x), self.double_three(x), self.pool(x)], dim=1)


class InceptionClassifier(nn.Module):
    """A stem, then stages of Inception blocks, each stage after the first halving the picture."""

    def __init__(self, classes: int, in_channels: int = 1, width: int = 16, blocks: Sequence[int] = (1, 1, 1),
                 dropout: float = 0.2):
        super().__init__()
        self.stem = nn.Sequential(conv_bn(in_channels, width, 3, 2), conv_bn(width, width, 3))
        layers: List[nn.Module] = []
        in_ch = width
        for i, count in enumerate(blocks):
            if i > 0:
                layers.append(nn.MaxPool2d(2))
            for _ in range(count):
                block = InceptionBlock(in_ch, width * 2 ** i // 2)
                layers.append(block)
                in_ch = block.out_channels
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(in_ch, classes))
        self.feature_channels = in_ch

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        feature_map = self.features(self.stem(x))
        return self.head(feature_map), feature_map

    @torch.jit.export
    def head(self, feature_map: torch.Tensor) -> torch.Tensor:
        return self.classifier(feature_map.mean(dim=(2, 3)))


class InceptionV3Classifier(nn.Module):
    """torchvision's Inception-v3 layers up to Mixed_7c, then the app's head: average pooling, dropout,
    one linear layer. Its input should be 299×299 (75×75 at least)."""

    def __init__(self, classes: int, in_channels: int = 1, dropout: float = 0.5):
        super().__init__()
        from torchvision.models import inception_v3
        net = inception_v3(weights=None, aux_logits=False, init_weights=True, transform_input=False)
        net.Conv2d_1a_3x3.conv = nn.Conv2d(in_channels, 32, kernel_size=3, stride=2, bias=False)
        self.features = nn.Sequential(
            net.Conv2d_1a_3x3, net.Conv2d_2a_3x3, net.Conv2d_2b_3x3, net.maxpool1, net.Conv2d_3b_1x1,
            net.Conv2d_4a_3x3, net.maxpool2, net.Mixed_5b, net.Mixed_5c, net.Mixed_5d, net.Mixed_6a, net.Mixed_6b,
            net.Mixed_6c, net.Mixed_6d, net.Mixed_6e, net.Mixed_7a, net.Mixed_7b, net.Mixed_7c)
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(2048, classes))
        self.feature_channels = 2048

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        feature_map = self.features(x)
        return self.head(feature_map), feature_map

    @torch.jit.export
    def head(self, feature_map: torch.Tensor) -> torch.Tensor:
        return self.classifier(feature_map.mean(dim=(2, 3)))
