"""The shipped TorchScript models as plain PyTorch modules (eager mode), for
timing the app's C++ engine against PyTorch eager on the same weights.

The module is rebuilt from the architecture the card describes (the
descriptions build_all.py writes) and loads the TorchScript file's weights;
an architecture it does not know is refused.
"""
import json
import math
import re
from pathlib import Path
from typing import Any, Dict, List

import torch
from torch import nn

from .resnet import ResNetClassifier, resnet50
from .unet import VggUNet


def _numbers(pattern: str, text: str) -> List[int]:
    match = re.search(pattern, text)
    if not match:
        raise ValueError(f"architecture '{text}' does not say {pattern}")
    return [int(n) for n in re.findall(r"\d+", match.group(1))]


def build(card: Dict[str, Any]) -> nn.Module:
    description = card["architecture"]["description"]
    if card["task"] == "ampulla_soft_mask":
        widths = _numbers(r"widths (\[[^\]]*\])", description)
        convs = _numbers(r"convs (\[[^\]]*\])", description)
        stride = _numbers(r"output stride (\d+)", description)[0]
        return VggUNet(widths, convs, decoder_stages=len(widths) - 1 - int(math.log2(stride)))
    classes = len(card["labels"])
    channels = card["input"]["channels"]
    # The paper's head of the CEUS classifier (Tong et al.): "head: global average pooling, FC 512, ReLU, ...".
    hidden = _numbers(r"head: global average pooling, FC (\d+)", description)[0] if "head:" in description else 0
    if description.split(";")[0] == "ResNet50":
        return resnet50(classes, channels, hidden=hidden)
    blocks = _numbers(r"basic blocks ([\d-]+)", description)
    width = _numbers(r"width (\d+)", description)[0]
    return ResNetClassifier(classes, channels, width=width, blocks=tuple(blocks), bottleneck=False, hidden=hidden)


def load(card_path: Path) -> nn.Module:
    """The eager module of a card, with the weights of its TorchScript file."""
    card = json.loads(card_path.read_text())
    model = build(card)
    model.load_state_dict(torch.jit.load(str(card_path.with_name(card["file"]))).state_dict())
    return model.eval()
